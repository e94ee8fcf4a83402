namespace EnvOrchestrator.Terraform.Tests.Support;

/// <summary>A tiny shell script standing in for terraform: `init` succeeds at once, other commands run the given body.</summary>
internal sealed class DummyTerraform : IDisposable
{
    public const string VersionLine = """{"@level":"info","@message":"Terraform 1.11.4","terraform":"1.11.4","type":"version","ui":"1.2"}""";

    private DummyTerraform(string directory, string path)
    {
        Directory = directory;
        Path = path;
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>A file the script may write to (its own directory is deleted with the run).</summary>
    public string CountFile => System.IO.Path.Combine(Directory, "count");

    public static DummyTerraform Create(string body, string initBody = "echo '" + VersionLine + "'; exit 0")
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "envorch-dummy-tf", Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, "terraform");
        File.WriteAllText(path, $"#!/bin/sh\nif [ \"$1\" = init ]; then\n{initBody}\nfi\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new DummyTerraform(directory, path);
    }

    public static TerraformRunRequest Request(DummyTerraform terraform) =>
        new(TerraformTestContext.Module("simple"), new TerraformHttpBackend(new Uri("http://127.0.0.1:9/tfstate/ws/never-called"), "terraform", "unused-password"))
        {
            EnvironmentVariables = new Dictionary<string, string> { ["COUNT_FILE"] = terraform.CountFile },
        };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
