using EnvOrchestrator.Hosting.Hosting;

namespace EnvOrchestrator.Hosting.Tests.Hosting;

public sealed class LocalSettingsConfigurationTests
{
    [Fact]
    public void Read_ValuesAndHostPort_MapsToConfigurationKeys()
    {
        const string json = """
            {
              // comments are allowed, as in the Functions tooling
              "IsEncrypted": false,
              "Values": {
                "AzureWebJobsStorage": "UseDevelopmentStorage=true",
                "EnvOrchestrator__CatalogPath": "templates/demo",
                "EnvOrchestrator:Emulator:AutoStart": false,
                "Empty": null
              },
              "Host": { "LocalHttpPort": 7199 }
            }
            """;

        var settings = LocalSettingsConfiguration.Read(json, "local.settings.json");

        Assert.Equal("UseDevelopmentStorage=true", settings["AzureWebJobsStorage"]);
        Assert.Equal("templates/demo", settings["EnvOrchestrator:CatalogPath"]);
        Assert.Equal("false", settings["EnvOrchestrator:Emulator:AutoStart"]);
        Assert.Null(settings["Empty"]);
        Assert.Equal("7199", settings[HostPort.LocalHttpPortKey]);
    }

    [Fact]
    public void Read_InvalidJson_ThrowsNamingTheFile()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LocalSettingsConfiguration.Read("{ \"Values\": ", "/app/local.settings.json"));

        Assert.Contains("/app/local.settings.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalSettingsSample_AtRepositoryRoot_ParsesAndPointsAtEmulator()
    {
        var path = Path.Combine(EnvOrchestrator.Testing.RepositoryPaths.Root, "local.settings.sample.json");

        var settings = LocalSettingsConfiguration.Read(File.ReadAllText(path), path);

        Assert.NotNull(EmulatorConnection.TryGetEndpoints(settings[StorageEmulatorService.ConnectionKey]));
    }

    [Fact]
    public void Find_ContentRootBelowFunctionsAppRoot_FindsTheFileBesideHostJson()
    {
        var root = Directory.CreateTempSubdirectory("envorch-settings-").FullName;
        var project = Directory.CreateDirectory(Path.Combine(root, "src", "App")).FullName;
        File.WriteAllText(Path.Combine(root, "host.json"), "{}");
        File.WriteAllText(Path.Combine(root, LocalSettingsConfiguration.FileName), "{}");

        var found = LocalSettingsConfiguration.Find(project);

        Assert.Equal(Path.Combine(root, LocalSettingsConfiguration.FileName), found);
        Directory.Delete(root, recursive: true);
    }
}
