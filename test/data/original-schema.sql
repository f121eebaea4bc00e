-- The original flag store's schema, restated for tests (unmasSk/Acolytes, init_db.sql): the
-- flags table, a small agents_catalog, and the quality triggers, which are all it enforced.
CREATE TABLE agents_catalog (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE NOT NULL,
  type TEXT NOT NULL,
  module TEXT,
  sub_module TEXT,
  role JSON,
  tech_stack JSON,
  scenarios JSON,
  tags JSON,
  connections JSON
);
INSERT INTO agents_catalog (name, type, role, tech_stack, tags) VALUES
  ('@backend.nodejs', 'backend', '["Node.js API engineer"]', '["node","express"]', '["api","rest"]'),
  ('@database.postgres', 'database', '["PostgreSQL expert"]', '["postgres"]', '["sql","migrations"]'),
  ('@service.auth', 'service', '["Authentication specialist"]', '["jwt","oauth"]', '["login","sso"]');

CREATE TABLE flags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  chain_origin_id INTEGER,
  session_id TEXT,
  flag_type TEXT NOT NULL,
  source_agent TEXT NOT NULL,
  target_agent TEXT,
  change_description TEXT NOT NULL,
  action_required TEXT NOT NULL,
  impact_level TEXT DEFAULT 'medium',
  status TEXT DEFAULT 'pending',
  locked BOOLEAN DEFAULT FALSE,
  related_files TEXT,
  code_location TEXT,
  example_usage TEXT,
  context JSON,
  created_at TEXT NOT NULL,
  acknowledged_at TEXT,
  completed_at TEXT,
  completed_by TEXT,
  notes TEXT
);

CREATE TRIGGER validate_flag_quality BEFORE INSERT ON flags
BEGIN
  SELECT CASE
    WHEN LENGTH(NEW.action_required) < 100 THEN RAISE(ABORT, 'action_required too short')
    WHEN LENGTH(NEW.change_description) < 50 THEN RAISE(ABORT, 'change_description too short')
    WHEN NEW.target_agent IS NULL AND NEW.impact_level IN ('high', 'critical')
      THEN RAISE(ABORT, 'high/critical flags need a target')
  END;
END;

CREATE TRIGGER validate_flag_consistency BEFORE INSERT ON flags
BEGIN
  SELECT CASE
    WHEN NEW.impact_level = 'critical' AND NEW.flag_type NOT IN ('breaking_change', 'security', 'data_loss')
      THEN RAISE(ABORT, 'critical only for breaking_change, security, data_loss')
    WHEN NEW.impact_level = 'low' AND NEW.flag_type IN ('breaking_change', 'security')
      THEN RAISE(ABORT, 'breaking_change and security cannot be low')
  END;
END;
