using System.Diagnostics;

namespace EnvOrchestrator.Templates.Git;

/// <summary>Runs the <c>git</c> CLI with arguments passed as a list (never through a shell) and no prompts.</summary>
internal static class GitCommand
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string? workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken, Func<Stream, Task>? readOutput = null)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Never wait for a password on a terminal nobody is watching; ignore the host's git configuration.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = string.Empty;
        try
        {
            if (readOutput is not null)
            {
                await readOutput(process.StandardOutput.BaseStream).ConfigureAwait(false);
            }
            else
            {
                output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, output.Trim(), (await error.ConfigureAwait(false)).Trim());
    }
}
