using System.Diagnostics;

namespace EnvOrchestrator.Portal.Tests.Browser;

/// <summary>
/// Makes sure Debian's Chromium is at <see cref="ExecutablePath"/>: Playwright cannot download its own browser here.
/// Installs it with apt-get once per test run, under a lock shared with other test processes of the machine.
/// </summary>
internal static class ChromiumInstaller
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "envorch-chromium-install.lock");

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            await using var fileLock = await AcquireFileLockAsync(cancellationToken);
            if (File.Exists(ExecutablePath))
            {
                return;
            }

            // A fresh machine may have no package lists yet: install, and on failure update and try once more.
            var (code, log) = await RunAsync("apt-get", "install -y chromium", cancellationToken);
            if (code != 0)
            {
                var (_, updateLog) = await RunAsync("apt-get", "update", cancellationToken);
                (code, log) = await RunAsync("apt-get", "install -y chromium", cancellationToken);
                log = updateLog + log;
            }

            if (code != 0 || !File.Exists(ExecutablePath))
            {
                throw new InvalidOperationException(
                    $"The portal tests need Debian's Chromium at {ExecutablePath} and could not install it " +
                    $"('apt-get install -y chromium' exited {code}; the tests must run as root, or install it first). Output:{Environment.NewLine}{log}");
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another test process is installing; apt-get holds its own lock too, but this one avoids the failure.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, string arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file} could not be started: {e.Message}");
        }
    }
}
