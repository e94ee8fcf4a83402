using EnvOrchestrator.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnvOrchestrator.Azurite.Tests;

public sealed class AzuriteInstallerTests
{
    [Fact(Timeout = 300_000)]
    public async Task EnsureInstalledAsync_FreshFolder_InstallsPinnedVersionWithNpmCi()
    {
        var folder = Directory.CreateTempSubdirectory("envorch-azurite-install-").FullName;
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.Root, "package.json"), Path.Combine(folder, "package.json"));
            File.Copy(Path.Combine(RepositoryPaths.Root, "package-lock.json"), Path.Combine(folder, "package-lock.json"));

            var entry = await AzuriteInstaller.EnsureInstalledAsync(folder, TimeSpan.FromMinutes(4), NullLogger.Instance, CancellationToken.None);

            Assert.StartsWith(folder, entry, StringComparison.Ordinal);
            Assert.True(File.Exists(entry));
            var installed = await File.ReadAllTextAsync(Path.Combine(folder, "node_modules", "azurite", "package.json"));
            Assert.Contains("\"version\": \"3.37.0\"", installed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
