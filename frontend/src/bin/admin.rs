//! The editors' admin panel bundle, served at `/admin`.

fn main() {
    aqiqat_frontend::admin::mount();
}
