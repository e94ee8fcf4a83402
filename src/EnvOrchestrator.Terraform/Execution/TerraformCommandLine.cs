namespace EnvOrchestrator.Terraform.Execution;

/// <summary>
/// The command line that starts one Terraform process. On Unix, every wrapper replaces itself (exec), so the process
/// id CliWrap reports is Terraform's:
/// <c>[setsid] [setpriv --pdeathsig TERM --] sh -c 'exec … &gt;stdout 2&gt;stderr' terraform ARGS</c>.
/// <list type="bullet">
/// <item><c>setsid</c>: Terraform leads its own process group, so orphaned provisioner children can be killed with it.</item>
/// <item><c>setpriv --pdeathsig TERM</c>: the kernel sends Terraform SIGTERM (a graceful stop) when the thread that
/// started it ends — the runner's <see cref="SpawnThread"/>, which ends only with the service process.</item>
/// <item>the output goes to files, not pipes: a Go program writing to a pipe whose reader died is killed by SIGPIPE
/// (measured: Terraform exits 141 at its next line when the service is gone, its state unsaved and its lock held),
/// and ignoring SIGPIPE does not help (Go resets it for stdout and stderr). A file never breaks.</item>
/// </list>
/// The shell script is a constant; Terraform's arguments and the file paths reach it as positional parameters, never
/// as script text.
/// </summary>
internal static class TerraformCommandLine
{
    // $1 and $2 are the output files; the rest is the command. exec keeps the process id.
    private const string RedirectScript = "o=$1; e=$2; shift 2; exec \"$@\" >\"$o\" 2>\"$e\"";

    /// <summary>The executable (first element) and its arguments.</summary>
    public static IReadOnlyList<string> Build(
        TerraformRunnerOptions options, bool parentDeathSignal, CommandOutputFiles? outputFiles, IReadOnlyList<string> terraformArguments)
    {
        var line = new List<string>();
        if (options.UseProcessGroup)
        {
            line.Add(options.SetsidPath);
        }

        if (parentDeathSignal)
        {
            line.AddRange([options.SetprivPath, "--pdeathsig", "TERM", "--"]);
        }

        if (outputFiles is not null)
        {
            line.AddRange(["/bin/sh", "-c", RedirectScript, "sh", outputFiles.StandardOutput, outputFiles.StandardError]);
        }

        line.Add(options.TerraformPath);
        line.AddRange(terraformArguments);
        return line;
    }
}

/// <summary>Where one Terraform process writes its standard output and error.</summary>
internal sealed record CommandOutputFiles(string StandardOutput, string StandardError);
