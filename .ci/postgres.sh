# Sourced by .ci/run: start Debian's PostgreSQL on loopback and export CBT_TEST_POSTGRES_URL.
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
cluster_dir="/var/lib/postgresql/${version}/main"
if [ ! -d "$cluster_dir" ]; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
su postgres -c "psql -q -c \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cbt') THEN CREATE ROLE cbt LOGIN PASSWORD 'cbt-test' CREATEDB; END IF; END\\\$\\\$;\"" >/dev/null
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname = 'cbt_test'\" | grep -q 1 || createdb -O cbt cbt_test"
export CBT_TEST_POSTGRES_URL="postgresql+psycopg://cbt:cbt-test@127.0.0.1:5432/cbt_test"
