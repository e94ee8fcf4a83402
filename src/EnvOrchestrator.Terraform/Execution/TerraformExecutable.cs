using System.Globalization;

namespace EnvOrchestrator.Terraform.Execution;

/// <summary>Finds the executable Terraform runs as, so that an upgrade in place is noticed.</summary>
internal static class TerraformExecutable
{
    /// <summary>Full path, size and modification time of the executable, or null when it cannot be found.</summary>
    public static string? Identity(string terraformPath)
    {
        var file = Resolve(terraformPath);
        if (file is null)
        {
            return null;
        }

        var info = new FileInfo(file);
        return string.Create(CultureInfo.InvariantCulture, $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}");
    }

    private static string? Resolve(string terraformPath)
    {
        if (Path.IsPathRooted(terraformPath) || terraformPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(terraformPath) ? Path.GetFullPath(terraformPath) : null;
        }

        var names = OperatingSystem.IsWindows() ? new[] { terraformPath, terraformPath + ".exe" } : [terraformPath];
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }
}
