using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Azurite;

/// <summary>Finds the pinned Azurite and installs it with <c>npm ci</c> when missing.</summary>
public static class AzuriteInstaller
{
    /// <summary>Walks up from <paramref name="start"/> to the folder whose package.json pins Azurite.</summary>
    public static string? FindToolRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var manifest = Path.Combine(dir.FullName, "package.json");
            if (File.Exists(manifest) && File.ReadAllText(manifest).Contains("\"azurite\"", StringComparison.Ordinal))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Returns the path of Azurite's entry script, running <c>npm ci</c> first if needed.</summary>
    /// <remarks>Several test assemblies start at once; a lock file makes only one of them install.</remarks>
    public static async Task<string> EnsureInstalledAsync(string toolRoot, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var entry = FindEntryScript(toolRoot);
        if (entry is not null)
        {
            return entry;
        }

        var lockPath = Path.Combine(toolRoot, ".azurite-install.lock");
        using var installLock = await AcquireLockAsync(lockPath, timeout, cancellationToken).ConfigureAwait(false);
        entry = FindEntryScript(toolRoot);
        if (entry is not null)
        {
            return entry;
        }

        Log.Installing(logger, toolRoot);
        var useCi = File.Exists(Path.Combine(toolRoot, "package-lock.json"));
        var startInfo = new ProcessStartInfo("npm")
        {
            WorkingDirectory = toolRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { useCi ? "ci" : "install", "--no-audit", "--no-fund" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var npm = Process.Start(startInfo) ?? throw new InvalidOperationException("npm could not be started; install Node.js and npm.");
        var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
        _ = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await npm.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw;
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm {(useCi ? "ci" : "install")} in {toolRoot} failed with exit code {npm.ExitCode}: {await stderr.ConfigureAwait(false)}");
        }

        return FindEntryScript(toolRoot)
            ?? throw new InvalidOperationException($"npm finished but Azurite is still missing under {toolRoot}/node_modules.");
    }

    private static string? FindEntryScript(string toolRoot)
    {
        var packageDir = Path.Combine(toolRoot, "node_modules", "azurite");
        var manifest = Path.Combine(packageDir, "package.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
        if (doc.RootElement.TryGetProperty("bin", out var bin) && bin.ValueKind == JsonValueKind.Object &&
            bin.TryGetProperty("azurite", out var script) && script.GetString() is { } relative)
        {
            var path = Path.GetFullPath(Path.Combine(packageDir, relative));
            return File.Exists(path) ? path : null;
        }

        return null;
    }

    private static async Task<FileStream> AcquireLockAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
