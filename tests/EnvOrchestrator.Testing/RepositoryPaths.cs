namespace EnvOrchestrator.Testing;

/// <summary>Locates the repository checkout the tests run from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding EnvOrchestrator.sln.</summary>
    public static string Root => LazyRoot.Value;

    public static string Templates => Path.Combine(Root, "templates");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EnvOrchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EnvOrchestrator.sln was not found above " + AppContext.BaseDirectory);
    }
}
