namespace EnvOrchestrator.Benchmarks.Chaos;

/// <summary>
/// A copy of <c>templates/demo</c> whose modules report to a trace file, so resources are counted from outside the
/// service: the create-time provisioner appends <c>create MODULE NAME ID</c> once its simulated provisioning has
/// finished (a resource Terraform really made), and a destroy-time provisioner appends <c>destroy MODULE ID</c>.
/// </summary>
internal static class TracedDemoCatalog
{
    private const string CommandEnd = "exit 1; fi\"";
    private const string NameEntry = "      NAME  = var.name\n";
    private const string Provisioner = "  provisioner \"local-exec\" {\n";

    /// <summary>Resources of each demo environment template as (module folder, Terraform name suffix after the environment name).</summary>
    public static readonly IReadOnlyDictionary<string, (string Module, string Suffix)[]> Resources = new Dictionary<string, (string, string)[]>
    {
        ["cache-only"] = [("namespace", ""), ("redis-cache", "-cache")],
        ["web-stack"] = [("namespace", ""), ("redis-cache", "-cache"), ("message-queue", "-queue"), ("object-bucket", "-files"), ("load-balancer", "-web")],
    };

    public static void Write(string target, string traceFile)
    {
        var source = Path.Combine(BenchArgs.RepositoryRoot(), "templates", "demo");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Contains(".terraform"))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == "main.tf")
            {
                text = Instrument(text, Path.GetFileName(Path.GetDirectoryName(file)!), traceFile);
            }

            File.WriteAllText(destination, text);
        }
    }

    private static string Instrument(string module, string name, string traceFile)
    {
        var trace = traceFile.Replace("'", string.Empty, StringComparison.Ordinal);
        module = ReplaceOnce(module, CommandEnd, $"exit 1; fi; echo \\\"create {name} $NAME $ID $(date +%s.%N)\\\" >> '{trace}'\"");
        module = ReplaceOnce(module, NameEntry, NameEntry + "      ID    = self.id\n");
        return ReplaceOnce(module, Provisioner, $$"""
              provisioner "local-exec" {
                when        = destroy
                command     = "echo \"destroy {{name}} $ID $(date +%s.%N)\" >> '{{trace}}'"
                environment = { ID = self.id }
              }

            """ + Provisioner);
    }

    private static string ReplaceOnce(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(find, at + find.Length, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"The demo module changed: expected '{find.Trim()}' exactly once.");
        }

        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }
}
