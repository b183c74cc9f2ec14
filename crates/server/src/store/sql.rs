//! One way to run SQL on either engine: statements written once (SQLite's `?N` placeholders, SQL
//! both engines read alike), values and rows in engine-neutral types, nested transactions.
//!
//! The storage modules call only this, so every query is written, reviewed and tested once and
//! runs on both SQLite and PostgreSQL; the server test suite runs against each (see `tests/`).
//! What differs between the engines stays here: placeholders (`$N`), value and row conversion,
//! prepared-statement caching, and how a transaction begins.

use std::collections::HashMap;

use super::DbError;

/// A value bound to a statement or read from a row. The schema uses only these: integers
/// (booleans are 0 and 1, times are Unix seconds), text and bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

/// A Rust value a statement can take (`params![…]`).
pub trait ToValue {
    fn to_value(&self) -> Value;
}

macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                // Counts, ids and Unix seconds are far below i64::MAX; saturate rather than wrap.
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_to_value!(i64, u64, i32, u32, u16, u8, usize);

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for std::borrow::Cow<'_, str> {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}
impl<const N: usize> ToValue for [u8; N] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}
impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

/// The parameters of one statement: `params![a, b]`, in `?1`, `?2` order.
#[macro_export]
macro_rules! params {
    ($($x:expr),* $(,)?) => {
        &[$(&$x as &dyn $crate::store::ToValue),*] as &[&dyn $crate::store::ToValue]
    };
}

/// A Rust value a column can be read as.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;
}

macro_rules! int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: &Value) -> Option<Self> {
                match value {
                    Value::Int(i) => <$t>::try_from(*i).ok(),
                    _ => None,
                }
            }
        }
    )*};
}
int_from_value!(i64, u64, i32, u32, u16, u8, usize);

impl FromValue for bool {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(i) => Some(*i != 0),
            _ => None,
        }
    }
}
impl FromValue for String {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Blob(b) => Some(b.clone()),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One row of a result, read by column index.
#[derive(Debug)]
pub struct Row(Vec<Value>);

impl Row {
    /// The row's values in column order (copying a table whole).
    pub fn values(&self) -> &[Value] {
        &self.0
    }

    pub fn get<T: FromValue>(&self, index: usize) -> Result<T, DbError> {
        let value = self.0.get(index).ok_or(DbError::Column {
            index,
            found: "no such column",
        })?;
        T::from_value(value).ok_or(DbError::Column {
            index,
            found: match value {
                Value::Null => "NULL",
                Value::Int(_) => "an integer",
                Value::Text(_) => "text",
                Value::Blob(_) => "bytes",
            },
        })
    }
}

/// Which engine a connection talks to, for the few statements that must differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A PostgreSQL connection with its prepared statements, kept across requests by the pool. The
/// connection's I/O runs on the engine's own runtime (`Database::open_postgres`); the storage
/// code, on a blocking thread, waits for each answer.
pub struct PgConn {
    pub(super) client: tokio_postgres::Client,
    runtime: tokio::runtime::Handle,
    statements: HashMap<String, tokio_postgres::Statement>,
}

impl PgConn {
    pub(super) fn new(client: tokio_postgres::Client, runtime: tokio::runtime::Handle) -> Self {
        Self {
            client,
            runtime,
            statements: HashMap::new(),
        }
    }

    fn wait<T>(
        &self,
        future: impl std::future::Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, DbError> {
        Ok(self.runtime.block_on(future)?)
    }

    fn statement(&mut self, sql: &str) -> Result<tokio_postgres::Statement, DbError> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.wait(self.client.prepare(&to_postgres_placeholders(sql)))?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(Box<r2d2::PooledConnection<super::PgManager>>),
}

/// A connection to the database, on the thread that uses it (see `Database::call`).
pub struct Conn {
    inner: Inner,
    /// Open transactions: the outermost is BEGIN, inner ones are savepoints.
    depth: u32,
}

impl Conn {
    pub(super) fn sqlite(conn: rusqlite::Connection) -> Self {
        Self {
            inner: Inner::Sqlite(conn),
            depth: 0,
        }
    }

    pub(super) fn postgres(conn: r2d2::PooledConnection<super::PgManager>) -> Self {
        Self {
            inner: Inner::Postgres(Box::new(conn)),
            depth: 0,
        }
    }

    /// A fresh in-memory SQLite database, for unit tests of one query.
    #[cfg(test)]
    pub fn in_memory() -> Self {
        Self::sqlite(rusqlite::Connection::open_in_memory().expect("in-memory SQLite"))
    }

    /// A SQLite file opened as it is (no migrations), for unit tests.
    #[cfg(test)]
    pub fn sqlite_file(path: &std::path::Path) -> Self {
        Self::sqlite(rusqlite::Connection::open(path).expect("SQLite file"))
    }

    pub fn engine(&self) -> Engine {
        match self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs one statement; returns the number of rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[&dyn ToValue]) -> Result<usize, DbError> {
        let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
        match &mut self.inner {
            Inner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(values.iter()))?)
            }
            Inner::Postgres(c) => {
                let statement = c.statement(sql)?;
                let refs = pg_params(&values);
                let n = c.wait(c.client.execute(&statement, &refs))?;
                Ok(usize::try_from(n).unwrap_or(usize::MAX))
            }
        }
    }

    /// Runs one query and returns its rows.
    pub fn rows(&mut self, sql: &str, params: &[&dyn ToValue]) -> Result<Vec<Row>, DbError> {
        let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
        match &mut self.inner {
            Inner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let columns = stmt.column_count();
                let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let row = (0..columns)
                        .map(|i| r.get_ref(i).map(from_sqlite))
                        .collect::<Result<_, _>>()?;
                    out.push(Row(row));
                }
                Ok(out)
            }
            Inner::Postgres(c) => {
                let statement = c.statement(sql)?;
                let refs = pg_params(&values);
                let rows = c.wait(c.client.query(&statement, &refs))?;
                rows.iter().map(|r| Ok(Row(from_postgres(r)?))).collect()
            }
        }
    }

    /// Runs one query and reads every row with `f`.
    pub fn query_map<T>(
        &mut self,
        sql: &str,
        params: &[&dyn ToValue],
        f: impl FnMut(&Row) -> Result<T, DbError>,
    ) -> Result<Vec<T>, DbError> {
        self.rows(sql, params)?.iter().map(f).collect()
    }

    /// The first row of a query read with `f`, or `None` when there is none.
    pub fn query_opt<T>(
        &mut self,
        sql: &str,
        params: &[&dyn ToValue],
        f: impl FnOnce(&Row) -> Result<T, DbError>,
    ) -> Result<Option<T>, DbError> {
        self.rows(sql, params)?.first().map(f).transpose()
    }

    /// The one row a query always has (a `COUNT(*)`, say), read with `f`.
    pub fn query_one<T>(
        &mut self,
        sql: &str,
        params: &[&dyn ToValue],
        f: impl FnOnce(&Row) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        self.query_opt(sql, params, f)?.ok_or(DbError::NoRow)
    }

    /// Runs statements separated by `;`, without parameters (migrations).
    pub fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        match &mut self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Postgres(c) => c.wait(c.client.batch_execute(sql)),
        }
    }

    /// Begins a transaction, or a savepoint inside the one already open: helpers that need
    /// atomicity take one without knowing whether their caller has.
    pub fn transaction(&mut self) -> Result<Tx<'_>, DbError> {
        let begin = match (self.depth, self.engine()) {
            // SQLite takes the write lock at once: a transaction that reads and then writes
            // cannot deadlock with another process's (which SQLite answers with "busy" at once,
            // not after the busy timeout). One process's transactions queue on its mutex anyway.
            (0, Engine::Sqlite) => "BEGIN IMMEDIATE".to_owned(),
            (0, Engine::Postgres) => "BEGIN".to_owned(),
            (n, _) => format!("SAVEPOINT sp{n}"),
        };
        self.batch(&begin)?;
        self.depth += 1;
        Ok(Tx {
            conn: self,
            done: false,
        })
    }

    fn end(&mut self, commit: bool) -> Result<(), DbError> {
        self.depth -= 1;
        let sql = match (self.depth, commit) {
            (0, true) => "COMMIT".to_owned(),
            (0, false) => "ROLLBACK".to_owned(),
            (n, true) => format!("RELEASE SAVEPOINT sp{n}"),
            (n, false) => format!("ROLLBACK TO SAVEPOINT sp{n}; RELEASE SAVEPOINT sp{n}"),
        };
        self.batch(&sql)
    }
}

/// An open transaction; rolled back when dropped without `commit`.
pub struct Tx<'a> {
    conn: &'a mut Conn,
    done: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<(), DbError> {
        self.done = true;
        self.conn.end(true)
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl std::ops::DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done
            && let Err(err) = self.conn.end(false)
        {
            tracing::error!(%err, "could not roll back a transaction");
        }
    }
}

/// `?1` → `$1`: statements are written once with SQLite's numbered placeholders. A `?` inside a
/// quoted string is left alone.
pub(crate) fn to_postgres_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for ch in sql.chars() {
        match ch {
            '\'' => {
                quoted = !quoted;
                out.push(ch);
            }
            '?' if !quoted => out.push('$'),
            _ => out.push(ch),
        }
    }
    out
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        // The schema has no REAL column; a computed one (an average) is read whole.
        ValueRef::Real(f) => Value::Int(f as i64),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

impl tokio_postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &tokio_postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<tokio_postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use tokio_postgres::types::Type;
        match self {
            Value::Null => Ok(tokio_postgres::types::IsNull::Yes),
            // PostgreSQL infers each parameter's type from where it stands: an integer may be
            // asked for as any integer width, a boolean, or text (a literal in a SELECT list).
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &tokio_postgres::types::Type) -> bool {
        true
    }

    tokio_postgres::types::to_sql_checked!();
}

fn pg_params(values: &[Value]) -> Vec<&(dyn tokio_postgres::types::ToSql + Sync)> {
    values
        .iter()
        .map(|v| v as &(dyn tokio_postgres::types::ToSql + Sync))
        .collect()
}

fn from_postgres(row: &tokio_postgres::Row) -> Result<Vec<Value>, DbError> {
    use tokio_postgres::types::Type;
    (0..row.len())
        .map(|i| {
            let ty = row.columns()[i].type_().clone();
            Ok(match ty {
                Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
                Type::INT4 => row
                    .try_get::<_, Option<i32>>(i)?
                    .map(|v| Value::Int(v.into())),
                Type::INT2 => row
                    .try_get::<_, Option<i16>>(i)?
                    .map(|v| Value::Int(v.into())),
                Type::BOOL => row
                    .try_get::<_, Option<bool>>(i)?
                    .map(|v| Value::Int(v.into())),
                Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
                _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
            }
            .unwrap_or(Value::Null))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            to_postgres_placeholders("SELECT '?' FROM t WHERE a = ?1 AND b > ?12"),
            "SELECT '?' FROM t WHERE a = $1 AND b > $12"
        );
    }

    #[test]
    fn values_round_trip_through_rows() {
        let row = Row(vec![
            7u64.to_value(),
            true.to_value(),
            "x".to_value(),
            vec![1u8].to_value(),
            Option::<i64>::None.to_value(),
        ]);
        assert_eq!(row.get::<u64>(0).unwrap(), 7);
        assert!(row.get::<bool>(1).unwrap());
        assert_eq!(row.get::<String>(2).unwrap(), "x");
        assert_eq!(row.get::<Vec<u8>>(3).unwrap(), [1]);
        assert_eq!(row.get::<Option<i64>>(4).unwrap(), None);
        let err = row.get::<i64>(2).unwrap_err().to_string();
        assert!(err.contains("column 2") && err.contains("text"), "{err}");
        assert!(row.get::<i64>(9).is_err());
        assert!(Row(vec![Value::Int(-1)]).get::<u64>(0).is_err());
    }
}
