//! The reader widget bundle: hydrates the server-rendered view.

fn main() {
    aqiqat_frontend::widget::start();
}
