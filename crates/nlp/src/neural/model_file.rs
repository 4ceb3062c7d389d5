//! Reading thinc model files: msgpack maps with parallel `nodes`, `attrs`,
//! `params` and `shims` arrays (notes §1.2–1.3).
//!
//! Every accessor checks what it finds, so a wrong or truncated file gives
//! an [`NlpError::CorruptModel`] instead of a panic.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rmpv::Value;

use crate::error::{NlpError, FETCH_HINT};

/// Builds the error for a model file whose content is not what we expect.
pub fn corrupt(file: &str, message: impl Into<String>) -> NlpError {
    NlpError::CorruptModel {
        path: PathBuf::from(file),
        part: file.to_string(),
        message: message.into(),
        hint: FETCH_HINT.to_string(),
    }
}

/// A float32 array read from a numpy msgpack map.
#[derive(Debug, Clone)]
pub struct FloatArray {
    /// The dimensions, outermost first.
    pub shape: Vec<usize>,
    /// The values in C order.
    pub data: Vec<f32>,
}

/// One layer ("node") of a thinc model file.
#[derive(Debug, Clone)]
pub struct ModelNode {
    /// The node's position in the breadth-first walk.
    pub index: usize,
    /// The layer name, e.g. `maxout` or `hashembed`.
    pub name: String,
    /// The decoded attrs (each stored msgpack-inside-msgpack in the file).
    pub attrs: BTreeMap<String, Value>,
    /// The parameters that are present.
    pub params: BTreeMap<String, FloatArray>,
}

/// A whole thinc model file.
#[derive(Debug, Clone)]
pub struct ModelFile {
    /// The package-relative file name, for error messages.
    pub file: String,
    /// All nodes in file order.
    pub nodes: Vec<ModelNode>,
}

/// Looks up a string key in a msgpack map whose keys may be `str` or `bin`.
fn map_get<'a>(map: &'a [(Value, Value)], key: &str) -> Option<&'a Value> {
    map.iter().find_map(|(k, v)| {
        let matches = match k {
            Value::String(s) => s.as_str() == Some(key),
            Value::Binary(b) => b.as_slice() == key.as_bytes(),
            _ => false,
        };
        matches.then_some(v)
    })
}

/// Decodes one numpy array map (keys `nd`, `type`, `shape`, `data` as bin).
fn decode_array(file: &str, what: &str, map: &[(Value, Value)]) -> Result<FloatArray, NlpError> {
    let bad = |message: &str| corrupt(file, format!("{what}: {message}"));
    match map_get(map, "nd") {
        Some(Value::Boolean(true)) => {}
        _ => return Err(bad("not a numpy array")),
    }
    let dtype = match map_get(map, "type") {
        Some(Value::String(s)) => s.as_str().unwrap_or("").to_string(),
        Some(Value::Binary(b)) => String::from_utf8_lossy(b).into_owned(),
        _ => return Err(bad("missing dtype")),
    };
    if dtype != "<f4" {
        return Err(bad(&format!("dtype {dtype}, expected <f4")));
    }
    let shape: Vec<usize> = match map_get(map, "shape") {
        Some(Value::Array(dims)) => dims
            .iter()
            .map(|d| d.as_u64().and_then(|d| usize::try_from(d).ok()))
            .collect::<Option<Vec<usize>>>()
            .ok_or_else(|| bad("shape is not a list of sizes"))?,
        _ => return Err(bad("missing shape")),
    };
    let bytes = match map_get(map, "data") {
        Some(Value::Binary(b)) => b,
        _ => return Err(bad("missing data")),
    };
    let count = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| bad("shape overflows"))?;
    if count.checked_mul(4) != Some(bytes.len()) {
        return Err(bad(&format!(
            "{} data bytes for shape {shape:?}",
            bytes.len()
        )));
    }
    let data = bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok(FloatArray { shape, data })
}

impl ModelFile {
    /// Parses the bytes of a thinc model file.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<ModelFile, NlpError> {
        let mut reader = bytes;
        let root = rmpv::decode::read_value(&mut reader)
            .map_err(|e| corrupt(file, format!("not msgpack: {e}")))?;
        let Value::Map(root) = root else {
            return Err(corrupt(file, "top level is not a map"));
        };
        let array = |key: &str| -> Result<&Vec<Value>, NlpError> {
            match map_get(&root, key) {
                Some(Value::Array(a)) => Ok(a),
                _ => Err(corrupt(file, format!("missing `{key}` array"))),
            }
        };
        let nodes = array("nodes")?;
        let attrs = array("attrs")?;
        let params = array("params")?;
        if attrs.len() != nodes.len() || params.len() != nodes.len() {
            return Err(corrupt(file, "nodes, attrs and params differ in length"));
        }
        let mut result = Vec::with_capacity(nodes.len());
        for (index, ((node, node_attrs), node_params)) in
            nodes.iter().zip(attrs).zip(params).enumerate()
        {
            let Value::Map(node) = node else {
                return Err(corrupt(file, format!("node {index} is not a map")));
            };
            let name = match map_get(node, "name") {
                Some(Value::String(s)) => s.as_str().unwrap_or("").to_string(),
                _ => return Err(corrupt(file, format!("node {index} has no name"))),
            };
            let mut decoded_attrs = BTreeMap::new();
            if let Value::Map(entries) = node_attrs {
                for (key, value) in entries {
                    let (Some(key), Value::Binary(packed)) = (key.as_str(), value) else {
                        continue;
                    };
                    // Attr values are msgpack encoded a second time (notes §1.2).
                    let mut inner = packed.as_slice();
                    let inner_value = rmpv::decode::read_value(&mut inner)
                        .map_err(|e| corrupt(file, format!("node {index} attr {key}: {e}")))?;
                    decoded_attrs.insert(key.to_string(), inner_value);
                }
            }
            let mut decoded_params = BTreeMap::new();
            if let Value::Map(entries) = node_params {
                for (key, value) in entries {
                    let Some(key) = key.as_str() else { continue };
                    if let Value::Map(array_map) = value {
                        let what = format!("node {index} ({name}) param {key}");
                        decoded_params
                            .insert(key.to_string(), decode_array(file, &what, array_map)?);
                    }
                }
            }
            result.push(ModelNode {
                index,
                name,
                attrs: decoded_attrs,
                params: decoded_params,
            });
        }
        Ok(ModelFile {
            file: file.to_string(),
            nodes: result,
        })
    }

    /// All nodes with exactly this name that carry parameters, in file order.
    pub fn nodes_named(&self, name: &str) -> Vec<&ModelNode> {
        self.nodes
            .iter()
            .filter(|n| n.name == name && !n.params.is_empty())
            .collect()
    }

    /// Takes a parameter of a node, checking its shape.
    pub fn param(
        &self,
        node: &ModelNode,
        key: &str,
        shape: &[usize],
    ) -> Result<Vec<f32>, NlpError> {
        let array = node.params.get(key).ok_or_else(|| {
            corrupt(
                &self.file,
                format!("node {} ({}) lacks param {key}", node.index, node.name),
            )
        })?;
        if array.shape != shape {
            return Err(corrupt(
                &self.file,
                format!(
                    "node {} ({}) param {key} has shape {:?}, expected {shape:?}",
                    node.index, node.name, array.shape
                ),
            ));
        }
        Ok(array.data.clone())
    }

    /// The shape of a parameter, if present.
    pub fn param_shape<'a>(&self, node: &'a ModelNode, key: &str) -> Option<&'a [usize]> {
        node.params.get(key).map(|a| a.shape.as_slice())
    }

    /// An integer attr of a node.
    pub fn int_attr(&self, node: &ModelNode, key: &str) -> Result<u64, NlpError> {
        node.attrs.get(key).and_then(Value::as_u64).ok_or_else(|| {
            corrupt(
                &self.file,
                format!(
                    "node {} ({}) lacks integer attr {key}",
                    node.index, node.name
                ),
            )
        })
    }
}
