//! `serve --demo` started twice at once on one empty database loads the demo data once (a
//! marker in the same serialized write as the load).

use recovery_e2e::{TestApp, both_backends};

both_backends!(replicas_started_together_load_the_demo_once, backend: |backend| async move {
    let reference = TestApp::builder(backend).demo().start().await;
    let first = TestApp::builder(backend).demo();
    let second = first.twin();
    let (a, b) = tokio::join!(first.start(), second.start());
    let count = |app: &TestApp| {
        let store = recovery_store::Store::open(app.database_url()).unwrap();
        (store.count_meetings().unwrap(), store.all_organizations().unwrap().len())
    };
    let once = count(&reference);
    assert!(once.0 > 30 && once.1 > 0, "{once:?}");
    assert_eq!(count(&a), once, "two servers at once loaded the demo once");
    assert_eq!(count(&b), once);
});
