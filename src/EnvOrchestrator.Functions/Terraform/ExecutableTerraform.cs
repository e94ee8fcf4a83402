using EnvOrchestrator.Terraform;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Functions.Terraform;

/// <summary>
/// The package ships Terraform at <c>tools/terraform</c> with mode 0755, but a deployment that drops Unix modes leaves
/// it unrunnable on a read-only mount. A configured binary that exists but may not be executed is copied once to the
/// run folders' disk with mode 0755 and used from there; one that does not exist is left for the runner to report.
/// </summary>
internal sealed class ExecutableTerraform : IPostConfigureOptions<TerraformRunnerOptions>
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public void PostConfigure(string? name, TerraformRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsWindows() || !Path.IsPathFullyQualified(options.TerraformPath) || !File.Exists(options.TerraformPath)
            || File.GetUnixFileMode(options.TerraformPath).HasFlag(UnixFileMode.UserExecute))
        {
            return;
        }

        var folder = Directory.CreateDirectory(Path.Combine(options.WorkRoot ?? Path.GetTempPath(), ".terraform-bin")).FullName;
        var copy = Path.Combine(folder, Path.GetFileName(options.TerraformPath));
        if (!File.Exists(copy) || new FileInfo(copy).Length != new FileInfo(options.TerraformPath).Length)
        {
            var partial = copy + "." + Guid.NewGuid().ToString("N");
            File.Copy(options.TerraformPath, partial);
            File.SetUnixFileMode(partial, Executable);
            File.Move(partial, copy, overwrite: true);
        }

        options.TerraformPath = copy;
    }
}
