using System.Globalization;
using System.Text;

namespace EnvOrchestrator.Benchmarks.Deploy;

/// <summary>
/// Writes the benchmark's graph twice: as a catalog (one resource template, one environment template of 10
/// resources in 3 waves) and as one monolithic root module holding the same resources and dependencies.
/// </summary>
internal static class Dag10Catalog
{
    public const string TemplateName = "dag10";

    /// <summary>Resource name → the resources it reads outputs from. Waves: a* (3), b* (4), c* (3).</summary>
    public static readonly IReadOnlyList<(string Name, string[] Upstream)> Graph =
    [
        ("a0", []), ("a1", []), ("a2", []),
        ("b0", ["a0"]), ("b1", ["a1"]), ("b2", ["a2"]), ("b3", ["a0", "a1"]),
        ("c0", ["b0", "b1"]), ("c1", ["b1", "b2"]), ("c2", ["b2", "b3"]),
    ];

    private const string StepModule = """
        variable "name" {
          type = string
        }

        variable "upstream" {
          type    = string
          default = ""
        }

        variable "delay_seconds" {
          type    = number
          default = 0
        }

        resource "terraform_data" "step" {
          input = {
            name     = var.name
            upstream = var.upstream
          }

          provisioner "local-exec" {
            command     = "sleep \"$DELAY\""
            environment = { DELAY = var.delay_seconds }
          }
        }

        output "value" {
          value = "${var.name}:${terraform_data.step.id}"
        }

        """;

    /// <param name="mandatoryPolicy">Add a mandatory requireTags policy on the template (every plan is checked).</param>
    public static void WriteCatalog(string root, bool mandatoryPolicy)
    {
        var step = Directory.CreateDirectory(Path.Combine(root, "resources", "bench-step")).FullName;
        File.WriteAllText(Path.Combine(step, "main.tf"), StepModule);
        File.WriteAllText(Path.Combine(step, "template.yaml"), """
            apiVersion: envorch.io/v1
            kind: ResourceTemplate
            metadata: { name: bench-step, version: 1.0.0, description: One step of the deploy benchmark }
            spec:
              module: .
              inputs:
                name: { type: string }
                upstream: { type: string, default: "" }
                delay_seconds: { type: number, default: 0, min: 0, max: 60 }
              outputs:
                value: { type: string }

            """);

        var yaml = new StringBuilder("""
            apiVersion: envorch.io/v1
            kind: EnvironmentTemplate
            metadata: { name: dag10, version: 1.0.0, description: 10 resources in 3 waves for the deploy benchmark }
            spec:
              inputs:
                delay_seconds: { type: number, default: 2, min: 0, max: 60 }
              sharedWith: [bench]
              resources:

            """);
        foreach (var (name, upstream) in Graph)
        {
            var reads = string.Join('+', upstream.Select(u => $"${{resources.{u}.outputs.value}}"));
            yaml.Append(CultureInfo.InvariantCulture, $"    - name: {name}\n      template: bench-step@1.0.0\n")
                .Append(CultureInfo.InvariantCulture, $"      inputs: {{ name: {name}, upstream: \"{reads}\", delay_seconds: \"${{inputs.delay_seconds}}\" }}\n");
        }

        var environments = Directory.CreateDirectory(Path.Combine(root, "environments")).FullName;
        File.WriteAllText(Path.Combine(environments, "dag10.yaml"), yaml.ToString());
        if (mandatoryPolicy)
        {
            var policies = Directory.CreateDirectory(Path.Combine(root, "policies")).FullName;
            File.WriteAllText(Path.Combine(policies, "tags.yaml"), """
                apiVersion: envorch.io/v1
                kind: Policy
                metadata: { name: bench-tags }
                spec:
                  appliesTo: { projects: [bench], templates: [dag10] }
                  enforcement: mandatory
                  rules:
                    - requireTags: [owner]

                """);
        }
    }

    /// <summary>The same graph as one root module: Terraform's own graph walk runs independent resources in parallel.</summary>
    public static void WriteMonolith(string directory, int delaySeconds)
    {
        var tf = new StringBuilder();
        foreach (var (name, upstream) in Graph)
        {
            var reads = upstream.Length == 0 ? "\"\"" : string.Join(" + ", upstream.Select(u => $"terraform_data.{u}.id"));
            if (upstream.Length > 1)
            {
                reads = "join(\"+\", [" + string.Join(", ", upstream.Select(u => $"terraform_data.{u}.id")) + "])";
            }

            tf.Append(CultureInfo.InvariantCulture, $$"""
                resource "terraform_data" "{{name}}" {
                  input = { name = "{{name}}", upstream = {{reads}} }
                  provisioner "local-exec" {
                    command = "sleep {{delaySeconds}}"
                  }
                }

                """);
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "main.tf"), tf.ToString());
    }
}
