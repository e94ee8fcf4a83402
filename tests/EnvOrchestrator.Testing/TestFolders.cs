namespace EnvOrchestrator.Testing;

/// <summary>File-system helpers shared by test hosts.</summary>
public static class TestFolders
{
    /// <summary>Copies a folder tree, skipping hidden entries (e.g. <c>.terraform</c> left by a local run).</summary>
    public static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p.StartsWith('.')))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
