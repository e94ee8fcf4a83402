using System.Diagnostics;

namespace EnvOrchestrator.Templates.Tests.Terraform;

/// <summary>Runs the real <c>terraform</c> offline: no checkpoint calls and an empty CLI configuration.</summary>
internal static class TerraformCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var config = Path.Combine(Path.GetTempPath(), "envorch-empty.tfrc");
        await File.WriteAllTextAsync(config, string.Empty);
        var start = new ProcessStartInfo("terraform")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CHECKPOINT_DISABLE"] = "1";
        start.Environment["TF_CLI_CONFIG_FILE"] = config;
        start.Environment["TF_IN_AUTOMATION"] = "1";
        start.Environment["TF_INPUT"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
