using System.Diagnostics;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Testing;

namespace EnvOrchestrator.Hosting.Tests.EndToEnd;

/// <summary>The service started as an operator starts it, with a catalog that has an error.</summary>
public sealed class StartupFailureTests
{
    [Fact(Timeout = 120_000)]
    public async Task Start_CatalogWithError_ExitsNonZeroWithFileLineColumnAndNoStackTrace()
    {
        var root = Directory.CreateTempSubdirectory("envorch-badcatalog-").FullName;
        var catalog = Path.Combine(root, "catalog");
        TestFolders.CopyDirectory(Path.Combine(RepositoryPaths.Templates, "demo"), catalog);
        var template = Path.Combine(catalog, "environments", "cache-only.yaml");
        await File.WriteAllTextAsync(template, (await File.ReadAllTextAsync(template)).Replace("template: redis-cache@^1.2", "template: redis-cache@^9", StringComparison.Ordinal));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServiceProcess.ServiceAssembly());
        start.Environment["EnvOrchestrator__CatalogPath"] = catalog;
        start.Environment["EnvOrchestrator__Emulator__AutoStart"] = "false";
        start.Environment["urls"] = $"http://127.0.0.1:{LoopbackPorts.Free()}";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("EnvOrchestrator did not start: The catalog at", output, StringComparison.Ordinal);
        Assert.Contains("cache-only.yaml:19:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
