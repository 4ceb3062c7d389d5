//! Decoding the msgpack files of a spaCy package (srsly conventions): maps
//! with integer or `bin` keys and numpy arrays packed as maps.

use rmpv::Value;

/// A float32 array decoded from srsly's numpy encoding.
#[derive(Debug, Clone, PartialEq)]
pub struct FloatArray {
    /// The dimensions, outermost first.
    pub shape: Vec<usize>,
    /// The values in C (row-major) order.
    pub data: Vec<f32>,
}

/// Decodes one msgpack value from `bytes`. Trailing bytes are an error, as
/// they mean the file is not what we think it is.
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut cursor = bytes;
    let value = rmpv::decode::read_value(&mut cursor)
        .map_err(|error| format!("invalid msgpack: {error}"))?;
    if !cursor.is_empty() {
        return Err(format!(
            "{} unexpected bytes after the msgpack value",
            cursor.len()
        ));
    }
    Ok(value)
}

/// Looks up a string key in a msgpack map.
pub fn get<'a>(map: &'a Value, key: &str) -> Option<&'a Value> {
    map.as_map()?
        .iter()
        .find(|(candidate, _)| candidate.as_str() == Some(key))
        .map(|(_, value)| value)
}

/// Looks up a `bin` key (Python `bytes`) in a msgpack map.
pub fn get_bin<'a>(map: &'a Value, key: &[u8]) -> Option<&'a Value> {
    map.as_map()?
        .iter()
        .find(|(candidate, _)| matches!(candidate, Value::Binary(bytes) if bytes.as_slice() == key))
        .map(|(_, value)| value)
}

/// A msgpack integer as u64 (the string ids in lookup tables exceed 2^63).
pub fn as_u64(value: &Value) -> Option<u64> {
    value.as_u64()
}

/// Decodes a numpy array packed by srsly (a map with `bin` keys `nd`,
/// `type`, `shape`, `data`). Only little-endian float32 occurs in the model.
pub fn decode_float_array(value: &Value) -> Result<FloatArray, String> {
    if get_bin(value, b"nd").and_then(Value::as_bool) != Some(true) {
        return Err("expected a numpy array (a map with key b\"nd\" = true)".to_owned());
    }
    let dtype = get_bin(value, b"type")
        .and_then(Value::as_str)
        .ok_or("numpy array without a type")?;
    if dtype != "<f4" {
        return Err(format!("numpy array of type {dtype:?}, expected \"<f4\""));
    }
    let shape: Vec<usize> = get_bin(value, b"shape")
        .and_then(Value::as_array)
        .ok_or("numpy array without a shape")?
        .iter()
        .map(|dimension| {
            dimension
                .as_u64()
                .and_then(|size| usize::try_from(size).ok())
        })
        .collect::<Option<Vec<usize>>>()
        .ok_or("numpy array shape is not a list of sizes")?;
    let data = match get_bin(value, b"data") {
        Some(Value::Binary(bytes)) => bytes,
        _ => return Err("numpy array without data bytes".to_owned()),
    };
    let count = shape
        .iter()
        .try_fold(1usize, |product, &size| product.checked_mul(size))
        .ok_or("shape overflows")?;
    if Some(data.len()) != count.checked_mul(4) {
        return Err(format!(
            "numpy array has {} data bytes, shape {shape:?} needs {}",
            data.len(),
            count * 4
        ));
    }
    let data = data
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
        .collect();
    Ok(FloatArray { shape, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(value: &Value) -> Vec<u8> {
        let mut bytes = Vec::new();
        rmpv::encode::write_value(&mut bytes, value).expect("writing to a Vec cannot fail");
        bytes
    }

    #[test]
    fn numpy_arrays_round_trip() {
        let data: Vec<u8> = [1.0f32, -2.5, 3.25, 0.0, 7.0, 8.5]
            .iter()
            .flat_map(|value| value.to_le_bytes())
            .collect();
        let array = Value::Map(vec![
            (Value::Binary(b"nd".to_vec()), Value::Boolean(true)),
            (Value::Binary(b"type".to_vec()), Value::from("<f4")),
            (Value::Binary(b"kind".to_vec()), Value::Binary(Vec::new())),
            (
                Value::Binary(b"shape".to_vec()),
                Value::Array(vec![Value::from(2), Value::from(3)]),
            ),
            (Value::Binary(b"data".to_vec()), Value::Binary(data)),
        ]);
        let decoded = decode_float_array(&decode(&encode(&array)).expect("valid msgpack"))
            .expect("valid array");
        assert_eq!(decoded.shape, vec![2, 3]);
        assert_eq!(decoded.data, vec![1.0, -2.5, 3.25, 0.0, 7.0, 8.5]);
    }

    #[test]
    fn u64_keys_above_two_to_the_63_survive() {
        let key = u64::MAX - 5;
        let map = Value::Map(vec![(Value::from(key), Value::from("x"))]);
        let decoded = decode(&encode(&map)).expect("valid msgpack");
        let (found_key, _) = decoded
            .as_map()
            .and_then(|entries| entries.first())
            .expect("one entry");
        assert_eq!(as_u64(found_key), Some(key));
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let bytes = encode(&Value::Array(vec![Value::from("abc"), Value::from(1)]));
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let array = Value::Map(vec![(Value::Binary(b"nd".to_vec()), Value::Boolean(true))]);
        assert!(decode_float_array(&array).is_err());
    }
}
