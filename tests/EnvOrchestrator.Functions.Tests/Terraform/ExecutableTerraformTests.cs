using System.Runtime.Versioning;
using EnvOrchestrator.Functions.Terraform;
using EnvOrchestrator.Terraform;

namespace EnvOrchestrator.Functions.Tests.Terraform;

[UnsupportedOSPlatform("windows")]
public sealed class ExecutableTerraformTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("envorch-tfbin-").FullName;

    [Fact]
    public void PostConfigure_PackagedBinaryWithoutExecuteBit_CopiedWithMode0755AndUsed()
    {
        var packaged = Path.Combine(_root, "package", "terraform");
        Directory.CreateDirectory(Path.GetDirectoryName(packaged)!);
        File.WriteAllText(packaged, "#!/bin/sh\necho packaged\n");
        File.SetUnixFileMode(packaged, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var options = new TerraformRunnerOptions { TerraformPath = packaged, WorkRoot = Path.Combine(_root, "runs") };

        new ExecutableTerraform().PostConfigure(null, options);

        Assert.NotEqual(packaged, options.TerraformPath);
        Assert.StartsWith(options.WorkRoot, options.TerraformPath, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(packaged), File.ReadAllText(options.TerraformPath));
        Assert.Equal("rwxr-xr-x", Mode(options.TerraformPath));
    }

    [Theory]
    [InlineData("terraform")]
    [InlineData("/no/such/terraform")]
    public void PostConfigure_NameOnThePathOrMissingFile_LeftAsConfigured(string path)
    {
        var options = new TerraformRunnerOptions { TerraformPath = path, WorkRoot = _root };

        new ExecutableTerraform().PostConfigure(null, options);

        Assert.Equal(path, options.TerraformPath);
    }

    [Fact]
    public void PostConfigure_ExecutableBinary_UsedInPlace()
    {
        var packaged = Path.Combine(_root, "terraform");
        File.WriteAllText(packaged, "#!/bin/sh\n");
        File.SetUnixFileMode(packaged, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var options = new TerraformRunnerOptions { TerraformPath = packaged, WorkRoot = _root };

        new ExecutableTerraform().PostConfigure(null, options);

        Assert.Equal(packaged, options.TerraformPath);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Mode(string path)
    {
        var mode = File.GetUnixFileMode(path);
        char Bit(UnixFileMode flag, char c) => mode.HasFlag(flag) ? c : '-';
        return string.Concat(
            Bit(UnixFileMode.UserRead, 'r'), Bit(UnixFileMode.UserWrite, 'w'), Bit(UnixFileMode.UserExecute, 'x'),
            Bit(UnixFileMode.GroupRead, 'r'), Bit(UnixFileMode.GroupWrite, 'w'), Bit(UnixFileMode.GroupExecute, 'x'),
            Bit(UnixFileMode.OtherRead, 'r'), Bit(UnixFileMode.OtherWrite, 'w'), Bit(UnixFileMode.OtherExecute, 'x'));
    }
}
