namespace EnvOrchestrator.Terraform.Execution;

/// <summary>
/// The command line that starts one Terraform process. On Unix:
/// <list type="bullet">
/// <item><c>setsid</c>: the command leads its own process group, so orphaned provisioner children can be killed with it.</item>
/// <item><c>nice -n N</c> (<see cref="TerraformRunnerOptions.Niceness"/>): Terraform yields the cores to the API.</item>
/// <item>the output goes to files, not pipes: a Go program writing to a pipe whose reader died is killed by SIGPIPE
/// (measured: Terraform exits 141 at its next line when the service is gone, its state unsaved and its lock held),
/// and ignoring SIGPIPE does not help (Go resets it for stdout and stderr). A file never breaks.</item>
/// <item>with the parent-death signal, <c>setpriv --pdeathsig TERM</c> starts a small shell that supervises Terraform
/// (<see cref="SupervisorScript"/>) instead of Terraform itself. The kernel sends the signal once for every thread of
/// the dying service the child is handed to while the service's threads exit one by one (measured: four SIGTERMs
/// within 11 ms), and Terraform takes a second interrupt for "cancel now": it then exits five seconds later without
/// saving its state. The shell passes on exactly one SIGTERM, whatever it receives. A SIGINT (the service's own
/// cancellation) is passed on at once; a SIGTERM (the service died) only after <see cref="TerraformRunnerOptions.OrphanDrain"/>,
/// because a graceful stop taints the resource in flight and the next apply would make it again. Terraform, forked
/// by the shell, does not inherit the parent-death signal.</item>
/// <item>without it, every wrapper replaces itself (exec): the process id CliWrap reports is Terraform's.</item>
/// </list>
/// Either way the reported process leads the group (its id is the group id), and one SIGINT to it stops Terraform
/// gracefully. The scripts are constants; Terraform's arguments and the file paths reach them as positional
/// parameters, never as script text.
/// </summary>
internal static class TerraformCommandLine
{
    // $1 and $2 are the output files; the rest is the command. exec keeps the process id.
    private const string RedirectScript = "o=$1; e=$2; shift 2; exec \"$@\" >\"$o\" 2>\"$e\"";

    // $1 and $2 as above, $3 the drain in seconds. `pass` is the only place that signals Terraform, and sends once;
    // `drain` starts one timer that asks the shell itself to stop, so the two signals cannot both reach Terraform.
    // A trapped signal interrupts `wait`, hence the loop: it ends once the child is reaped, with the child's status.
    // A stop requested before the child's id is known is passed on as soon as it is.
    private const string SupervisorScript =
        "o=$1; e=$2; d=$3; shift 3; want=; passed=; child=; timer=\n" +
        "pass() { [ -n \"$passed\" ] && return; [ -z \"$child\" ] && return; passed=1; kill -TERM \"$child\" 2>/dev/null; }\n" +
        "stop() { want=1; pass; }\n" +
        "drain() { [ -n \"$want$timer\" ] && return; timer=0; " +
        "( trap 'kill $s 2>/dev/null; exit 0' TERM; sleep \"$d\" & s=$!; wait $s && kill -INT $$ 2>/dev/null ) & timer=$!; }\n" +
        "trap stop INT\n" +
        "trap drain TERM\n" +
        "\"$@\" >\"$o\" 2>\"$e\" &\n" +
        "child=$!\n" +
        "[ -n \"$want\" ] && pass\n" +
        "while :; do wait \"$child\"; rc=$?; kill -0 \"$child\" 2>/dev/null || break; done\n" +
        "[ \"${timer:-0}\" != 0 ] && kill \"$timer\" 2>/dev/null\n" +
        "exit $rc";

    /// <summary>The executable (first element) and its arguments.</summary>
    public static IReadOnlyList<string> Build(
        TerraformRunnerOptions options, bool parentDeathSignal, CommandOutputFiles? outputFiles, IReadOnlyList<string> terraformArguments)
    {
        var line = new List<string>();
        if (options.UseProcessGroup)
        {
            line.Add(options.SetsidPath);
        }

        if (options.Niceness > 0 && !OperatingSystem.IsWindows())
        {
            line.AddRange([options.NicePath, "-n", options.Niceness.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (parentDeathSignal)
        {
            line.AddRange([options.SetprivPath, "--pdeathsig", "TERM", "--"]);
        }

        // Output files are used wherever the parent-death signal is (Linux), so the supervisor always has them.
        if (outputFiles is not null)
        {
            line.AddRange(parentDeathSignal
                ? ["/bin/sh", "-c", SupervisorScript, "sh", outputFiles.StandardOutput, outputFiles.StandardError, DrainSeconds(options)]
                : ["/bin/sh", "-c", RedirectScript, "sh", outputFiles.StandardOutput, outputFiles.StandardError]);
        }

        line.Add(options.TerraformPath);
        line.AddRange(terraformArguments);
        return line;
    }

    private static string DrainSeconds(TerraformRunnerOptions options) =>
        ((long)Math.Max(0, Math.Ceiling(options.OrphanDrain.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Where one Terraform process writes its standard output and error.</summary>
internal sealed record CommandOutputFiles(string StandardOutput, string StandardError);
