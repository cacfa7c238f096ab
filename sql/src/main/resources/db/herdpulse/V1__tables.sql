-- The four tables of DESIGN.md. Every write of the job is an upsert (or insert-ignore) on the primary key, so a
-- replay after a failure converges to the same rows.

CREATE TABLE herdpulse.animal_health_stats (
    animal_id       text             NOT NULL,
    window_start    timestamptz      NOT NULL,
    farm_id         text             NOT NULL,
    window_end      timestamptz      NOT NULL,
    readings        integer          NOT NULL CHECK (readings > 0),
    temp_avg        double precision NOT NULL,
    temp_min        double precision NOT NULL,
    temp_max        double precision NOT NULL,
    activity_avg    double precision NOT NULL,
    rumination_min  double precision NOT NULL,
    water_intake_l  double precision NOT NULL,
    ph_avg          double precision,
    ph_min          double precision,
    updated_at      timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (animal_id, window_start),
    CHECK (window_end > window_start)
);
-- Farm dashboards and "latest stats of every cow of a farm" read by farm and time.
CREATE INDEX animal_health_stats_farm_window ON herdpulse.animal_health_stats (farm_id, window_start);

CREATE TABLE herdpulse.farm_health_stats (
    farm_id             text             NOT NULL,
    window_start        timestamptz      NOT NULL,
    window_end          timestamptz      NOT NULL,
    animals             integer          NOT NULL CHECK (animals > 0),
    readings            integer          NOT NULL CHECK (readings >= animals),
    temp_avg            double precision NOT NULL,
    animals_with_fever  integer          NOT NULL CHECK (animals_with_fever BETWEEN 0 AND animals),
    updated_at          timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (farm_id, window_start),
    CHECK (window_end > window_start)
);

CREATE TABLE herdpulse.health_alerts (
    alert_id     text             PRIMARY KEY,
    animal_id    text             NOT NULL,
    farm_id      text             NOT NULL,
    kind         text             NOT NULL CHECK (kind IN ('FEVER', 'HYPOTHERMIA', 'DRINKING', 'LOW_RUMINATION',
                                                           'HIGH_ACTIVITY', 'LOW_PH', 'SENSOR_SILENT')),
    severity     text             NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
    started_at   timestamptz      NOT NULL,
    ended_at     timestamptz,
    value        double precision,
    threshold    double precision,
    details      jsonb            NOT NULL DEFAULT '{}'::jsonb,
    detected_at  timestamptz      NOT NULL,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- "Active alerts now" is the question asked most; keep it an index scan however long the history grows.
CREATE INDEX health_alerts_active ON herdpulse.health_alerts (farm_id, started_at) WHERE ended_at IS NULL;
CREATE INDEX health_alerts_animal ON herdpulse.health_alerts (animal_id, started_at);

CREATE TABLE herdpulse.rejected_readings (
    source_topic      text        NOT NULL,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    reason            text        NOT NULL CHECK (reason IN ('MALFORMED_JSON', 'UNSUPPORTED_VERSION',
                                                             'MISSING_FIELD', 'INVALID_VALUE', 'OUT_OF_RANGE',
                                                             'KEY_MISMATCH', 'FUTURE_TIMESTAMP', 'DUPLICATE',
                                                             'LATE')),
    detail            text        NOT NULL,
    raw_payload       bytea       NOT NULL,
    received_at       timestamptz NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);
CREATE INDEX rejected_readings_reason ON herdpulse.rejected_readings (reason, received_at);
