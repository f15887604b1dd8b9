import StyleTransfer

/// A flag of a command that sets one field of a group of library options as it is given: one
/// line of a command's table (`TrainCommand.bindings`) applies the flag and tells whether it was
/// given, for a resumed run's conflict check.
struct OptionBinding<Command, Options> {
    let setting: Setting
    let isGiven: (Command) -> Bool
    let apply: (Command, inout Options) -> Void

    /// `flag`, when given, sets `field`.
    init<T>(_ setting: Setting, _ flag: KeyPath<Command, T?>, _ field: WritableKeyPath<Options, T>) {
        self.setting = setting
        isGiven = { $0[keyPath: flag] != nil }
        apply = { command, settings in if let value = command[keyPath: flag] { settings[keyPath: field] = value } }
    }

    /// `flag`, when given, sets the optional `field`.
    init<T>(_ setting: Setting, _ flag: KeyPath<Command, T?>, _ field: WritableKeyPath<Options, T?>) {
        self.setting = setting
        isGiven = { $0[keyPath: flag] != nil }
        apply = { command, settings in if let value = command[keyPath: flag] { settings[keyPath: field] = value } }
    }
}
