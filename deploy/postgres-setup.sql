-- The database and the least-privileged role nomad-deployer replicas use (docs/high-availability.md).
-- Run once as a PostgreSQL superuser, with the role's password given on the command line:
--   psql -h <db-host> -U postgres -v password="$(cat store-password)" -f deploy/postgres-setup.sql
-- The role may log in and use its own schema in its own database; it creates its tables there itself at its
-- first start (the schema migrations). It is no superuser, creates no databases, roles, schemas or temporary
-- tables, and cannot use the public schema: exactly what the store's tests run it with (PostgresStoreTest,
-- through the test harness's createRole, createDatabase and grantOwnSchema).
CREATE ROLE deployer LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
  CONNECTION LIMIT 40;
CREATE DATABASE deployer;
\connect deployer
REVOKE ALL ON DATABASE deployer FROM PUBLIC;
GRANT CONNECT ON DATABASE deployer TO deployer;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA deployer AUTHORIZATION deployer;
ALTER ROLE deployer IN DATABASE deployer SET search_path = deployer;
