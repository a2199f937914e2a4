use super::analyze;
use super::globals::GLOBALS;

fn check(text: &str) -> (Vec<String>, Vec<String>) {
    let parse = rnix::Root::parse(text);
    assert!(parse.errors().is_empty(), "{text}: {:?}", parse.errors());
    let root = parse.syntax();
    let analysis = analyze(root.green(), text);
    (
        analysis.undefined.into_iter().map(|u| u.name).collect(),
        analysis.duplicates.into_iter().map(|d| d.name).collect(),
    )
}

#[test]
fn globals_are_sorted_and_listed_once() {
    assert!(GLOBALS.windows(2).all(|pair| pair[0] < pair[1]));
}

#[test]
fn scopes() {
    let undefined = |text| check(text).0;
    assert_eq!(undefined("let a = b; b = 1; in a"), Vec::<String>::new());
    assert_eq!(undefined("{ a = b; }"), ["b"]);
    assert_eq!(undefined("rec { a = b; b = 1; }"), Vec::<String>::new());
    assert_eq!(undefined("rec { inherit a; }"), ["a"]);
    assert_eq!(
        undefined("let b = {}; in rec { inherit (b) c; d = c; }"),
        Vec::<String>::new()
    );
    assert_eq!(undefined("x@{ y ? x, ... }: z"), ["z"]);
    assert_eq!(undefined("x: with x; a + b"), Vec::<String>::new());
    assert_eq!(undefined("with x; a"), ["x"]);
    assert_eq!(undefined("x: (with x; a) + b"), ["b"]);
    assert_eq!(undefined("a: a.${b} or c"), ["b", "c"]);
    assert_eq!(undefined("f or g"), ["f", "or", "g"]);
    assert_eq!(
        undefined("rec { a.${b} = 1; b = \"n\"; }"),
        Vec::<String>::new()
    );
    assert_eq!(undefined("{ a.${b} = 1; b = \"n\"; }"), ["b"]);
    assert_eq!(
        undefined("let { body = y; y = builtins.map; }"),
        Vec::<String>::new()
    );
    assert_eq!(undefined("\"${x}\" + ./a/${y}"), ["x", "y"]);
}

#[test]
fn duplicates() {
    let duplicates = |text| check(text).1;
    assert_eq!(duplicates("{ a = 1; a = 2; }"), ["a"]);
    assert_eq!(duplicates("{ a.b = 1; a.c = 2; }"), Vec::<String>::new());
    assert_eq!(
        duplicates("{ a = { b = 1; }; a.c = 2; }"),
        Vec::<String>::new()
    );
    assert_eq!(
        duplicates("{ a = { b = 1; }; a = { c = 1; }; }"),
        Vec::<String>::new()
    );
    assert_eq!(duplicates("{ a = { b = 1; }; a.b = 2; }"), ["a.b"]);
    assert_eq!(
        duplicates("{ a = let x = 1; in { b = x; }; a.c = 2; }"),
        ["a.c"]
    );
    assert_eq!(duplicates("{ inherit a; a = 1; }"), ["a"]);
    assert_eq!(duplicates("{ \"a\" = 1; ${\"a\"} = 2; }"), ["a"]);
    assert_eq!(
        duplicates("x: { \"${x}\" = 1; \"${x}\" = 2; }"),
        Vec::<String>::new()
    );
    assert_eq!(duplicates("{ a = {}; a.b = 1; a = { b = 2; }; }"), ["a.b"]);
    assert_eq!(duplicates("{ a = { b = 1; b = 2; }; }"), ["b"]);
    assert_eq!(duplicates("{ x, x }: x"), ["x"]);
    assert_eq!(duplicates("x@{ x }: x"), ["x"]);
}

#[test]
fn merged_literals_are_scoped_by_the_first() {
    let undefined = |text| check(text).0;
    let none = Vec::<String>::new();
    // What merges into a `rec` literal sees its names, the merged ones too.
    assert_eq!(undefined("{ a = rec { c = 1; }; a.b = c; }"), none);
    assert_eq!(
        undefined("{ a = rec { c = 1; }; a = { d = c; e = d; }; }"),
        none
    );
    assert_eq!(
        undefined("{ a = rec { b = { }; }; a.b.c = d; a.d = 1; }"),
        none
    );
    // A later literal's own `rec` counts for nothing, nor does one merged into a path's set.
    assert_eq!(
        undefined("{ a = { c = 1; }; a = rec { b = 1; d = b; }; }"),
        ["b"]
    );
    assert_eq!(undefined("{ a.x = 1; a = rec { c = 1; d = c; }; }"), ["c"]);
    // `inherit x;` reads the scope around the set it is merged into.
    assert_eq!(
        undefined("{ a = rec { c = 1; }; a = { inherit c; }; }"),
        ["c"]
    );
    // The computed names of a merged literal are dropped unread; the first literal's stay.
    assert_eq!(undefined("{ a = { b = 1; }; a = { ${y} = 1; }; }"), none);
    assert_eq!(undefined("{ a = { ${y} = 1; }; a = { b = 1; }; }"), ["y"]);
}
