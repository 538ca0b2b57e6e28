//! The public embed builder's bundle, served at `/embed`.

fn main() {
    aqiqat_frontend::builder::mount();
}
