-- What PostgreSQL lets every role do by default, and the job's role more than its inserts need: each let a leaked
-- password of a role meant to be harmless stop the job or rewrite the record of bad input (found by review,
-- 2026-12-06). Like V2, run as a superuser (the functions below belong to the bootstrap superuser).

-- Large objects outlive the session that wrote them, and PUBLIC may create them: a leaked reader or monitor password
-- could fill the disk, and then every batch the job's sink writes fails. HerdPulse stores none.
REVOKE EXECUTE ON FUNCTION
    lo_create(oid),
    lo_creat(integer),
    lo_from_bytea(oid, bytea),
    lo_put(oid, bigint, bytea),
    lowrite(integer, bytea)
FROM PUBLIC;

-- No HerdPulse role needs a temporary table; a reader's could grow until the disk is full.
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

-- The readers' share of the server's connections, so that readers holding them all cannot leave the job's sink
-- without one ("remaining connection slots are reserved"): Grafana's data source opens at most 5, the rest is for
-- psql sessions and the stack's looks. 35 of PostgreSQL's default 100 (3 of them reserved for superusers).
ALTER ROLE herdpulse_reader CONNECTION LIMIT 30;
ALTER ROLE herdpulse_monitor CONNECTION LIMIT 5;

-- The job only adds rejected readings, each once (ON CONFLICT DO NOTHING, which reads the key it checks): its role
-- may neither rewrite nor read what was kept.
REVOKE SELECT, UPDATE ON herdpulse.rejected_readings FROM herdpulse_writer;
GRANT SELECT (source_topic, source_partition, source_offset) ON herdpulse.rejected_readings TO herdpulse_writer;

-- A role that is not a superuser may run everything above, and REVOKE on a function it does not own only warns:
-- the migration would succeed, be recorded as applied, and guard nothing (found by review, 2026-12-06).
DO $$
BEGIN
    IF has_function_privilege('herdpulse_reader', 'lo_create(oid)', 'EXECUTE') THEN
        RAISE EXCEPTION 'herdpulse_reader may still create large objects: run the migrations as a superuser';
    END IF;
END
$$;
