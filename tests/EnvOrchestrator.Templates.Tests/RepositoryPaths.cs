namespace EnvOrchestrator.Templates.Tests;

/// <summary>Locates folders of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string DemoCatalog => Path.Combine(Root, "templates", "demo");

    public static string AzureCatalog => Path.Combine(Root, "templates", "azure");

    public static string BadInputs => Path.Combine(Root, "tests", "EnvOrchestrator.Templates.Tests", "BadInputs");

    public static string AdeSample => Path.Combine(Root, "tests", "EnvOrchestrator.Templates.Tests", "Ade", "SampleCatalog");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EnvOrchestrator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
