"""Storage of the web app: SQLAlchemy 2 models, the database connection and
Alembic migrations. SQLite (WAL) by default, PostgreSQL via DATABASE_URL."""
