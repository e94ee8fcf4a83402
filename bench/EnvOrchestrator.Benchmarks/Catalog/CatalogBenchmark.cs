using System.Diagnostics;
using System.Globalization;
using System.Text;
using EnvOrchestrator.Templates.Loading;

namespace EnvOrchestrator.Benchmarks.Catalog;

/// <summary>
/// Publish-time cost of a large catalog: 500 resource templates (each a template.yaml and a main.tf) and 100
/// environment templates of 8 wired resources, written to a temporary folder once, then loaded and validated from
/// the files as a user publishing a catalog would wait for (read, YAML, JSON Schema, mapping, whole-catalog
/// validation, module checks). Prints each run and, last, the median of the measured runs.
/// </summary>
internal sealed class CatalogBenchmark : IBenchmarkCommand
{
    private const int ResourceTemplates = 500;
    private const int EnvironmentTemplates = 100;
    private const int ResourcesPerEnvironment = 8;
    private const int WarmupRuns = 3;
    private const int MeasuredRuns = 9;

    public string Name => "catalog";

    public string Description => "load and validate a 500 + 100 template catalog from files";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "envorch-bench-catalog-" + Guid.NewGuid().ToString("N"));
        try
        {
            await GenerateAsync(root, cancellationToken);
            var timings = new List<double>();
            var cpuTimings = new List<double>();
            using var self = Process.GetCurrentProcess();
            for (var run = 0; run < WarmupRuns + MeasuredRuns; run++)
            {
                self.Refresh();
                var cpuBefore = self.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var result = await CatalogLoader.LoadDirectoryAsync(root, null, cancellationToken);
                watch.Stop();
                self.Refresh();
                var cpu = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                if (!result.IsValid)
                {
                    await Console.Error.WriteLineAsync("generated catalog is invalid: " + result.Errors[0]);
                    return 1;
                }

                if (run >= WarmupRuns)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                    cpuTimings.Add(cpu);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catalog.run_ms {watch.Elapsed.TotalMilliseconds:F1} cpu_ms {cpu:F0}"));
                }
            }

            timings.Sort();
            cpuTimings.Sort();

            // CPU time (all threads, incl. GC) says what the work costs when the machine is shared; wall time is the headline.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catalog.cpu_ms_median {cpuTimings[cpuTimings.Count / 2]:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catalog.fastest_run_ms {timings[0]:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catalog.files {ResourceTemplates * 2 + EnvironmentTemplates}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catalog.validate_500_templates_ms {timings[timings.Count / 2]:F0}"));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task GenerateAsync(string root, CancellationToken cancellationToken)
    {
        for (var i = 0; i < ResourceTemplates; i++)
        {
            var folder = Path.Combine(root, "resources", TemplateName(i));
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "template.yaml"), ResourceYaml(i), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "main.tf"), ModuleTf(), cancellationToken);
        }

        Directory.CreateDirectory(Path.Combine(root, "environments"));
        for (var e = 0; e < EnvironmentTemplates; e++)
        {
            await File.WriteAllTextAsync(Path.Combine(root, "environments", $"env-{e:000}.yaml"), EnvironmentYaml(e), cancellationToken);
        }
    }

    private static string TemplateName(int i) => string.Create(CultureInfo.InvariantCulture, $"res-{i:000}");

    private static string ResourceYaml(int i) => $$"""
        apiVersion: envorch.io/v1
        kind: ResourceTemplate
        metadata:
          name: {{TemplateName(i)}}
          version: 1.{{i % 3}}.0
          description: Generated resource template {{i}}
        spec:
          inputs:
            name: { type: string, pattern: "^[a-z][a-z0-9-]{2,60}$" }
            upstream: { type: string, default: "" }
            size: { type: number, default: 1, min: 1, max: 16 }
            tier: { type: string, default: small, allowed: [small, medium, large] }
            tags: { type: map, default: {} }
            secret: { type: string, sensitive: true, default: "" }
          outputs:
            id: { type: string }
            endpoint: { type: string }
            key: { type: string, sensitive: true }
          cost: { monthlyUsd: {{i % 50}} }
          timeouts: { apply: 30m, destroy: 30m }
        """;

    private static string ModuleTf() => """
        variable "name" {
          type = string
        }

        variable "upstream" {
          type    = string
          default = ""
        }

        variable "size" {
          type    = number
          default = 1
        }

        variable "tier" {
          type    = string
          default = "small"
        }

        variable "tags" {
          type    = map(string)
          default = {}
        }

        variable "secret" {
          type      = string
          default   = ""
          sensitive = true
        }

        resource "terraform_data" "this" {
          input = var.name
        }

        output "id" {
          value = terraform_data.this.id
        }

        output "endpoint" {
          value = "${var.name}.local"
        }

        output "key" {
          value     = sha256(terraform_data.this.id)
          sensitive = true
        }
        """;

    // Resource k depends on resource k / 2 (a binary tree, depth 4) through an output reference.
    private static string EnvironmentYaml(int e)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $$"""
            apiVersion: envorch.io/v1
            kind: EnvironmentTemplate
            metadata:
              name: env-{{e:000}}
              version: 1.0.0
            spec:
              inputs:
                tier: { type: string, default: small, allowed: [small, medium, large], override: restricted }
                size: { type: number, default: 2, min: 1, max: 8 }
              resources:

            """);
        for (var k = 0; k < ResourcesPerEnvironment; k++)
        {
            var template = TemplateName(((e * 37) + (k * 11)) % ResourceTemplates);
            yaml.Append(CultureInfo.InvariantCulture, $"    - name: r{k}\n      template: {template}@^1.0\n      inputs:\n");
            yaml.Append(CultureInfo.InvariantCulture, $"        name: \"${{environment.name}}-r{k}\"\n");
            yaml.Append("        tier: \"${inputs.tier}\"\n        size: \"${inputs.size}\"\n");
            yaml.Append("        tags: { project: \"${project.name}\", env: \"${environment.name}\" }\n");
            if (k > 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"        upstream: \"${{resources.r{(k - 1) / 2}.outputs.endpoint}}\"\n");
                yaml.Append(CultureInfo.InvariantCulture, $"        secret: \"${{resources.r{(k - 1) / 2}.outputs.key}}\"\n");
            }
        }

        yaml.Append("  outputs:\n    endpoint: \"${resources.r0.outputs.endpoint}\"\n");
        yaml.Append("  lifetime: { defaultTtl: 8h, maxTtl: 72h, maxExtensions: 3, warnBefore: [2h, 30m] }\n  sharedWith: [\"*\"]\n");
        return yaml.ToString();
    }
}
