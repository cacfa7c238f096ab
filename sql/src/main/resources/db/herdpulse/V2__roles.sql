-- Least privilege: the job writes as herdpulse_writer (INSERT/UPDATE/SELECT on the four tables, nothing else),
-- Grafana and analysts read as herdpulse_reader, the postgres exporter reads statistics as herdpulse_monitor.
-- Roles are cluster-wide and may exist already (a second database on the same cluster); passwords are not set
-- here: they come from the environment or are generated at first start, never from a migration.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'herdpulse_writer') THEN
        CREATE ROLE herdpulse_writer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'herdpulse_reader') THEN
        CREATE ROLE herdpulse_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'herdpulse_monitor') THEN
        CREATE ROLE herdpulse_monitor LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA herdpulse FROM PUBLIC;
GRANT USAGE ON SCHEMA herdpulse TO herdpulse_writer, herdpulse_reader;

GRANT SELECT, INSERT, UPDATE ON
    herdpulse.animal_health_stats,
    herdpulse.farm_health_stats,
    herdpulse.health_alerts,
    herdpulse.rejected_readings
TO herdpulse_writer;

GRANT SELECT ON
    herdpulse.animal_health_stats,
    herdpulse.farm_health_stats,
    herdpulse.health_alerts,
    herdpulse.rejected_readings
TO herdpulse_reader;

-- pg_monitor: the statistics views the postgres exporter reads, and no table data.
GRANT pg_monitor TO herdpulse_monitor;
