//! The snapshot's widget bundle: hydrates a snapshot's `index.html` and answers from its data files.

fn main() {
    aqiqat_frontend::widget::start();
}
