//! The reader widget bundle.

fn main() {
    aqiqat_frontend::widget::mount();
}
