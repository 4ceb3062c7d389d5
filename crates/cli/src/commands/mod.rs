//! One module per subcommand. Each exposes `Args` (its flags) and `run`.

pub mod code;
