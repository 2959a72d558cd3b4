import ArgumentParser

/// The arguments every command about one key takes: the ledger, the key's id, `--json`.
struct KeyTarget: ParsableArguments {
    @OptionGroup var location: LedgerLocation

    @Argument(help: "The key's id (key_…).")
    var keyID: String

    @Flag(help: "Print the key as JSON.")
    var json = false
}
