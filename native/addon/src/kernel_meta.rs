//! The meta JSON a kernel library exports (`featc_kernel_meta`): the part the host needs to
//! shape the Parquet file. The JSON mirrors `KernelMeta` in runtime/kernel.ts:
//! `{ "name", "irHash", "columns": [{ "name", "type" }], "trigger": {...} }`, optionally
//! `"spec"` (the spec file the kernel was built from).

use serde_json::Value;

use crate::host_error::{codes, HostError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    F64,
    I64,
    Bool,
    Timestamp,
}

impl ColumnKind {
    fn parse(name: &str) -> Option<ColumnKind> {
        match name {
            "f64" => Some(ColumnKind::F64),
            "i64" => Some(ColumnKind::I64),
            "bool" => Some(ColumnKind::Bool),
            "timestamp" => Some(ColumnKind::Timestamp),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMeta {
    pub name: String,
    pub kind: ColumnKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelMeta {
    pub name: String,
    pub ir_hash: String,
    /// What `featc.spec` records: the spec path when the kernel names one, else its dataset name.
    pub spec: String,
    pub columns: Vec<ColumnMeta>,
}

impl KernelMeta {
    pub fn parse(json: &str) -> Result<KernelMeta, HostError> {
        let bad = |what: &str| HostError::new(codes::KERNEL_META, format!("kernel meta JSON: {what}"));
        let root: Value = serde_json::from_str(json).map_err(|e| bad(&e.to_string()))?;
        let text = |key: &str| -> Result<String, HostError> {
            root.get(key)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| bad(&format!("expected a string \"{key}\"")))
        };
        let name = text("name")?;
        let ir_hash = text("irHash")?;
        let spec = root.get("spec").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| name.clone());
        let listed =
            root.get("columns").and_then(Value::as_array).ok_or_else(|| bad("expected an array \"columns\""))?;
        let mut columns = Vec::with_capacity(listed.len());
        for (i, column) in listed.iter().enumerate() {
            let column_name = column
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| bad(&format!("columns[{i}] has no string \"name\"")))?;
            let type_name = column
                .get("type")
                .and_then(Value::as_str)
                .ok_or_else(|| bad(&format!("columns[{i}] ({column_name}) has no string \"type\"")))?;
            let kind = ColumnKind::parse(type_name).ok_or_else(|| {
                bad(&format!(
                    "columns[{i}] ({column_name}) has type \"{type_name}\", expected f64, i64, bool or timestamp"
                ))
            })?;
            columns.push(ColumnMeta { name: column_name.to_string(), kind });
        }
        Ok(KernelMeta { name, ir_hash, spec, columns })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_columns_in_order() {
        let meta = KernelMeta::parse(
            r#"{"name":"t","irHash":"abc","columns":[{"name":"ts","type":"timestamp"},{"name":"mid","type":"f64"}],"trigger":{}}"#,
        )
        .unwrap();
        assert_eq!(meta.spec, "t");
        assert_eq!(meta.columns[0], ColumnMeta { name: "ts".into(), kind: ColumnKind::Timestamp });
        assert_eq!(meta.columns[1].kind, ColumnKind::F64);
    }

    #[test]
    fn rejects_an_unknown_type_naming_the_column() {
        let err = KernelMeta::parse(r#"{"name":"t","irHash":"h","columns":[{"name":"x","type":"f32"}]}"#).unwrap_err();
        assert_eq!(err.code, codes::KERNEL_META);
        assert!(err.message.contains("columns[0] (x)"));
    }
}
