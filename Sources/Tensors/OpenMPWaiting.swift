/// How the OpenMP threads oneDNN runs on (libgomp's) wait for the next parallel region.
///
/// libgomp's default spins a thread for about 300,000 iterations (a few hundred microseconds,
/// more on a busy core) before it sleeps. On an idle machine that only burns a core that would
/// sit idle anyway; when another process wants the cores (a second faststyle job, a build) the
/// spinning threads take the time the working ones need, and each waits for the other: measured
/// on 2 cores beside one other busy process, a 512² stylize took 988 ms spinning, 431 ms with a
/// spin count of 10,000 and 368 ms passive; a 128² training step 2.71 s, 0.80 s and 0.64 s
/// (README, "Jobs that share the cores"). Passive waiting costs a wake-up per parallel region,
/// which the measurements on an idle machine show to be lost in the noise, so it is the default.
///
/// libgomp reads these variables once, when it is loaded (before `main`): a program applies them
/// by starting again with them set, and a user's own setting of either wins.
public enum OpenMPWaiting {
    /// The variables to set for this process's OpenMP runtime, given its environment: none when
    /// the user chose a wait policy or spin count already.
    public static func settings(missingFrom environment: [String: String]) -> [String: String] {
        if environment["OMP_WAIT_POLICY"] != nil || environment["GOMP_SPINCOUNT"] != nil { return [:] }
        return ["OMP_WAIT_POLICY": "passive"]
    }
}
