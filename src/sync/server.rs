//! The server's schema and roles.
//!
//! Everything lives in the schema `hallcheck`: the records of the JSON exchange keyed by
//! UUID (an inspection's and a rectification's whole record as JSON, photos' bytes apart),
//! each inspection's seal, and every PC's hash chain. Each row carries `rev`, from one
//! sequence, set when it is written: a pull asks for what is past the revision it has. Pushes
//! take one advisory lock for their transaction, so revisions are committed in order and a
//! pull never skips a row committed late.
//!
//! Roles: `hallcheck_hall` and `hallcheck_district` are groups. A hall PC logs in as a member
//! of the first, and row-level security lets it read and write only the halls
//! `hallcheck.role_halls` gives it; a member of the second reads and writes every hall's.

use postgres::Client;

use crate::sync::{ServerUrl, SyncError};

/// The schema version this program writes; `MIGRATIONS[n - 1]` makes version n.
pub const SCHEMA_VERSION: i64 = 2;

/// The statements of each server schema version.
const MIGRATIONS: [&str; 2] = [
    r#"
CREATE SCHEMA hallcheck;
CREATE TABLE hallcheck.meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO hallcheck.meta (key, value) VALUES ('server_uuid', gen_random_uuid()::text);
CREATE SEQUENCE hallcheck.rev;
CREATE TABLE hallcheck.role_halls (
    role      name NOT NULL,
    hall_uuid text NOT NULL,
    PRIMARY KEY (role, hall_uuid)
);
CREATE TABLE hallcheck.halls (
    uuid       text PRIMARY KEY,
    code       text,
    name       text NOT NULL,
    archived   boolean NOT NULL,
    created_at text NOT NULL,
    renamed_at text,
    rev        bigint NOT NULL DEFAULT nextval('hallcheck.rev'),
    pushed_by  name NOT NULL DEFAULT current_user
);
CREATE TABLE hallcheck.staff (
    uuid      text PRIMARY KEY,
    hall_uuid text NOT NULL REFERENCES hallcheck.halls(uuid),
    record    jsonb NOT NULL CHECK (record->>'hall_uuid' = hall_uuid AND record->>'uuid' = uuid),
    rev       bigint NOT NULL DEFAULT nextval('hallcheck.rev')
);
CREATE TABLE hallcheck.inspectors (
    uuid text PRIMARY KEY,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    rev  bigint NOT NULL DEFAULT nextval('hallcheck.rev')
);
CREATE TABLE hallcheck.templates (
    hash        text PRIMARY KEY,
    template_id text NOT NULL,
    version     integer NOT NULL,
    area        text NOT NULL,
    snapshot    text NOT NULL,
    rev         bigint NOT NULL DEFAULT nextval('hallcheck.rev'),
    CHECK (hash = encode(sha256(convert_to(snapshot, 'UTF8')), 'hex'))
);
CREATE TABLE hallcheck.inspections (
    uuid         text PRIMARY KEY,
    hall_uuid    text NOT NULL REFERENCES hallcheck.halls(uuid),
    inspected_on date NOT NULL,
    kind         text NOT NULL,
    score        bigint,
    rating       text,
    veto         boolean NOT NULL,
    amendments   integer NOT NULL,
    signed       boolean NOT NULL,
    seal         text NOT NULL,
    record       jsonb NOT NULL CHECK (record->>'hall_uuid' = hall_uuid AND record->>'uuid' = uuid),
    rev          bigint NOT NULL DEFAULT nextval('hallcheck.rev'),
    pushed_by    name NOT NULL DEFAULT current_user
);
CREATE INDEX inspections_rev ON hallcheck.inspections(rev);
CREATE INDEX inspections_hall_day ON hallcheck.inspections(hall_uuid, inspected_on);
CREATE TABLE hallcheck.photos (
    uuid            text PRIMARY KEY,
    hall_uuid       text NOT NULL REFERENCES hallcheck.halls(uuid),
    inspection_uuid text NOT NULL REFERENCES hallcheck.inspections(uuid),
    sha256          text NOT NULL,
    bytes           bytea NOT NULL
);
CREATE INDEX photos_inspection ON hallcheck.photos(inspection_uuid);
CREATE TABLE hallcheck.rectifications (
    uuid            text PRIMARY KEY,
    hall_uuid       text NOT NULL REFERENCES hallcheck.halls(uuid),
    inspection_uuid text NOT NULL REFERENCES hallcheck.inspections(uuid),
    status          text NOT NULL,
    due_on          text,
    moves           integer NOT NULL,
    record          jsonb NOT NULL CHECK (record->>'uuid' = uuid),
    rev             bigint NOT NULL DEFAULT nextval('hallcheck.rev')
);
CREATE INDEX rectifications_rev ON hallcheck.rectifications(rev);
CREATE INDEX rectifications_inspection ON hallcheck.rectifications(inspection_uuid);
CREATE TABLE hallcheck.audit (
    id          bigserial PRIMARY KEY,
    hall_uuid   text NOT NULL REFERENCES hallcheck.halls(uuid),
    at          text NOT NULL,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_uuid text NOT NULL,
    detail      text NOT NULL,
    rev         bigint NOT NULL DEFAULT nextval('hallcheck.rev'),
    UNIQUE (entity_uuid, at, action, entity, detail)
);
CREATE INDEX audit_rev ON hallcheck.audit(rev);
CREATE TABLE hallcheck.chain (
    origin       text NOT NULL,
    seq          bigint NOT NULL,
    entity       text NOT NULL,
    uuid         text NOT NULL,
    subject      text NOT NULL,
    content_hash text NOT NULL,
    state_hash   text NOT NULL,
    prev_hash    text NOT NULL,
    hash         text NOT NULL,
    hall_uuid    text,
    pushed_by    name NOT NULL DEFAULT current_user,
    PRIMARY KEY (origin, seq)
);

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hallcheck_hall') THEN
        CREATE ROLE hallcheck_hall NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hallcheck_district') THEN
        CREATE ROLE hallcheck_district NOLOGIN;
    END IF;
END $$;

-- Every write gets its revision here, under the push lock, whoever writes: a role cannot set
-- a revision of its own (one far ahead would stop everyone's pulls), and revisions commit in
-- the order they are given.
CREATE FUNCTION hallcheck.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7159001);
    NEW.rev := nextval('hallcheck.rev');
    RETURN NEW;
END $$;
CREATE FUNCTION hallcheck.stamp_by() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7159001);
    NEW.rev := nextval('hallcheck.rev');
    NEW.pushed_by := current_user;
    RETURN NEW;
END $$;
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON hallcheck.halls
    FOR EACH ROW EXECUTE FUNCTION hallcheck.stamp_by();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON hallcheck.inspections
    FOR EACH ROW EXECUTE FUNCTION hallcheck.stamp_by();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON hallcheck.staff
    FOR EACH ROW EXECUTE FUNCTION hallcheck.stamp();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON hallcheck.inspectors
    FOR EACH ROW EXECUTE FUNCTION hallcheck.stamp();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON hallcheck.templates
    FOR EACH ROW EXECUTE FUNCTION hallcheck.stamp();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON hallcheck.rectifications
    FOR EACH ROW EXECUTE FUNCTION hallcheck.stamp();
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON hallcheck.audit
    FOR EACH ROW EXECUTE FUNCTION hallcheck.stamp();
CREATE FUNCTION hallcheck.stamp_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.pushed_by := current_user;
    RETURN NEW;
END $$;
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON hallcheck.chain
    FOR EACH ROW EXECUTE FUNCTION hallcheck.stamp_chain();

CREATE FUNCTION hallcheck.may(hall text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'hallcheck_district', 'MEMBER')
        OR EXISTS (SELECT 1 FROM hallcheck.role_halls r
                   WHERE r.role = current_user AND r.hall_uuid = hall)
$$;

ALTER TABLE hallcheck.role_halls ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON hallcheck.role_halls FOR SELECT
    USING (role = current_user OR pg_has_role(current_user, 'hallcheck_district', 'MEMBER'));
ALTER TABLE hallcheck.halls ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_hall ON hallcheck.halls USING (hallcheck.may(uuid)) WITH CHECK (hallcheck.may(uuid));
ALTER TABLE hallcheck.staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_hall ON hallcheck.staff USING (hallcheck.may(hall_uuid)) WITH CHECK (hallcheck.may(hall_uuid));
ALTER TABLE hallcheck.inspections ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_hall ON hallcheck.inspections USING (hallcheck.may(hall_uuid)) WITH CHECK (hallcheck.may(hall_uuid));
ALTER TABLE hallcheck.photos ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_hall ON hallcheck.photos USING (hallcheck.may(hall_uuid))
    WITH CHECK (hallcheck.may(hall_uuid) AND hall_uuid =
        (SELECT i.hall_uuid FROM hallcheck.inspections i WHERE i.uuid = inspection_uuid));
ALTER TABLE hallcheck.rectifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_hall ON hallcheck.rectifications USING (hallcheck.may(hall_uuid))
    WITH CHECK (hallcheck.may(hall_uuid) AND hall_uuid =
        (SELECT i.hall_uuid FROM hallcheck.inspections i WHERE i.uuid = inspection_uuid));
ALTER TABLE hallcheck.audit ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_hall ON hallcheck.audit USING (hallcheck.may(hall_uuid)) WITH CHECK (hallcheck.may(hall_uuid));
ALTER TABLE hallcheck.chain ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON hallcheck.chain
    USING (pushed_by = current_user OR pg_has_role(current_user, 'hallcheck_district', 'MEMBER'))
    WITH CHECK (pushed_by = current_user);

GRANT USAGE ON SCHEMA hallcheck TO hallcheck_hall, hallcheck_district;
GRANT SELECT ON hallcheck.meta, hallcheck.role_halls TO hallcheck_hall, hallcheck_district;
GRANT SELECT, INSERT, UPDATE ON hallcheck.halls, hallcheck.staff, hallcheck.inspections,
    hallcheck.rectifications TO hallcheck_hall, hallcheck_district;
GRANT DELETE ON hallcheck.rectifications TO hallcheck_hall, hallcheck_district;
GRANT SELECT, INSERT ON hallcheck.photos, hallcheck.audit, hallcheck.chain, hallcheck.inspectors,
    hallcheck.templates TO hallcheck_hall, hallcheck_district;
GRANT USAGE ON SEQUENCE hallcheck.rev, hallcheck.audit_id_seq TO hallcheck_hall, hallcheck_district;
"#,
    r#"
-- A hall's archiving travels: of two PCs, the later change wins.
ALTER TABLE hallcheck.halls ADD COLUMN archived_at text;
"#,
];

/// The schema version of the server's database: 0 when it has none.
fn version(client: &mut Client) -> Result<i64, postgres::Error> {
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'hallcheck')",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client.query_opt(
        "SELECT value FROM hallcheck.meta WHERE key = 'schema_version'",
        &[],
    )?;
    Ok(row
        .and_then(|r| r.get::<_, String>(0).parse().ok())
        .unwrap_or(0))
}

/// Creates the schema, or brings it to this program's version, in one transaction. Returns
/// the version found and the version now.
pub fn init(client: &mut Client, url: &ServerUrl) -> Result<(i64, i64), SyncError> {
    let found = version(client).map_err(|e| url.error(e))?;
    if found > SCHEMA_VERSION {
        return Err(SyncError::Newer {
            target: url.target().to_owned(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let mut tx = client.transaction().map_err(|e| url.error(e))?;
    tx.execute("SELECT pg_advisory_xact_lock(7158)", &[])
        .map_err(|e| url.error(e))?;
    for (n, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
    {
        tx.batch_execute(sql).map_err(|e| url.error(e))?;
        tx.execute(
            "INSERT INTO hallcheck.meta (key, value) VALUES ('schema_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&(n as i64 + 1).to_string()],
        )
        .map_err(|e| url.error(e))?;
    }
    tx.commit().map_err(|e| url.error(e))?;
    Ok((found, SCHEMA_VERSION))
}

/// Checks the server has this program's schema; returns the server's UUID.
pub fn check(client: &mut Client, url: &ServerUrl) -> Result<String, SyncError> {
    let found = version(client).map_err(|e| url.error(e))?;
    match found {
        0 => Err(SyncError::NoSchema {
            target: url.target().to_owned(),
        }),
        v if v > SCHEMA_VERSION => Err(SyncError::Newer {
            target: url.target().to_owned(),
            found: v,
            supported: SCHEMA_VERSION,
        }),
        v if v < SCHEMA_VERSION => Err(SyncError::Server {
            target: url.target().to_owned(),
            detail: format!(
                "its HallCheck schema is version {v}, older than this HallCheck's ({SCHEMA_VERSION}): run `hallcheck server init --url …` to bring it up"
            ),
        }),
        _ => {
            let row = client
                .query_one(
                    "SELECT value FROM hallcheck.meta WHERE key = 'server_uuid'",
                    &[],
                )
                .map_err(|e| url.error(e))?;
            Ok(row.get(0))
        }
    }
}

/// Whom a new role is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleFor {
    /// A hall PC: these halls (by UUID or code), present on the server or not yet.
    Halls(Vec<String>),
    /// A district PC: every hall.
    District,
}

/// A role name PostgreSQL takes without quoting: lower-case letters, digits and `_`, not
/// starting with a digit.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// Creates a login role (or gives an existing one) for a hall PC or a district PC. A hall
/// given by code must be on the server already; one given by UUID need not be (a new hall
/// PC has not pushed yet). Returns the hall UUIDs given.
pub fn add_role(
    client: &mut Client,
    url: &ServerUrl,
    role: &str,
    password: Option<&str>,
    whom: &RoleFor,
) -> Result<Vec<String>, SyncError> {
    if !plain_name(role) {
        return Err(SyncError::Server {
            target: url.target().to_owned(),
            detail: format!(
                "`{role}` cannot name a role: use lower-case letters, digits and _ (such as hall_dongcheng)"
            ),
        });
    }
    check(client, url)?;
    let mut tx = client.transaction().map_err(|e| url.error(e))?;
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&role],
        )
        .map_err(|e| url.error(e))?
        .get(0);
    let group = match whom {
        RoleFor::Halls(_) => "hallcheck_hall",
        RoleFor::District => "hallcheck_district",
    };
    if exists {
        // Only a role HallCheck made is given more: never a superuser or another program's.
        let ours: bool = tx
            .query_one(
                "SELECT NOT r.rolsuper AND NOT r.rolcreaterole AND NOT r.rolbypassrls
                        AND (pg_has_role(r.oid, 'hallcheck_hall', 'MEMBER')
                             OR pg_has_role(r.oid, 'hallcheck_district', 'MEMBER'))
                 FROM pg_roles r WHERE r.rolname = $1",
                &[&role],
            )
            .map_err(|e| url.error(e))?
            .get(0);
        if !ours {
            return Err(SyncError::Server {
                target: url.target().to_owned(),
                detail: format!(
                    "the role `{role}` exists and is not one HallCheck made for a hall or district PC: choose another name"
                ),
            });
        }
    } else {
        tx.batch_execute(&format!("CREATE ROLE {role} LOGIN"))
            .map_err(|e| url.error(e))?;
    }
    if let Some(password) = password {
        // A literal: PostgreSQL takes no parameter in CREATE/ALTER ROLE.
        let quoted = password.replace('\'', "''");
        tx.batch_execute(&format!("ALTER ROLE {role} PASSWORD '{quoted}'"))
            .map_err(|e| url.error(e))?;
    }
    tx.batch_execute(&format!("GRANT {group} TO {role}"))
        .map_err(|e| url.error(e))?;
    let mut uuids = Vec::new();
    if let RoleFor::Halls(halls) = whom {
        for key in halls {
            let found = tx
                .query_opt(
                    "SELECT uuid FROM hallcheck.halls WHERE uuid = $1 OR code = $1",
                    &[key],
                )
                .map_err(|e| url.error(e))?;
            let uuid = match found {
                Some(row) => row.get::<_, String>(0),
                None if uuid::Uuid::parse_str(key).is_ok() => key.clone(),
                None => {
                    return Err(SyncError::Server {
                        target: url.target().to_owned(),
                        detail: format!(
                            "no hall with code `{key}` on the server yet: give the hall's UUID (`hallcheck halls list` on its PC)"
                        ),
                    });
                }
            };
            tx.execute(
                "INSERT INTO hallcheck.role_halls (role, hall_uuid) VALUES ($1, $2)
                 ON CONFLICT DO NOTHING",
                &[&role, &uuid],
            )
            .map_err(|e| url.error(e))?;
            uuids.push(uuid);
        }
    }
    tx.commit().map_err(|e| url.error(e))?;
    Ok(uuids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_are_plain() {
        assert!(plain_name("hall_dongcheng"));
        assert!(plain_name("district1"));
        assert!(!plain_name("1hall"));
        assert!(!plain_name("Hall"));
        assert!(!plain_name("hall; DROP TABLE x"));
        assert!(!plain_name(""));
    }
}
