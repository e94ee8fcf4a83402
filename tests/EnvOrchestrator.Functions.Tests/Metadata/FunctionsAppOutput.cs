using System.Text.Json;

namespace EnvOrchestrator.Functions.Tests.Metadata;

/// <summary>What the Functions SDK wrote beside the app at build time: the host reads these, and so do the tests.</summary>
internal static class FunctionsAppOutput
{
    public static string Folder()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        return Path.Combine(Testing.RepositoryPaths.Root, "src", "EnvOrchestrator.Functions", "bin", configuration, "net10.0");
    }

    public static JsonElement Read(string file)
    {
        var path = Path.Combine(Folder(), file);
        Assert.True(File.Exists(path), $"{path} is missing: the Functions SDK did not generate it.");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }
}
