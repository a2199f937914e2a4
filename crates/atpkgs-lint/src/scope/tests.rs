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
