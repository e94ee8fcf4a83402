using EnvOrchestrator.Templates.Schemas;
using Newtonsoft.Json.Linq;

namespace EnvOrchestrator.Templates.Tests.Schemas;

public sealed class SchemaTests
{
    public static TheoryData<string> Kinds() => [.. Enum.GetNames<DocumentKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ReadSchemaText_EveryKind_IsThePublishedFile(string kindName)
    {
        var kind = Enum.Parse<DocumentKind>(kindName);
        var published = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "schemas", SchemaValidator.FileNameOf(kind)));

        Assert.Equal(published, SchemaValidator.ReadSchemaText(kind));
    }

    [Fact(Timeout = 30_000)]
    public async Task Validate_UnknownFieldAndWrongType_ReportsPathsOfBoth()
    {
        var schemas = await SchemaValidator.LoadAsync();
        var document = JToken.Parse("""
            { "apiVersion": "envorch.io/v1", "kind": "ResourceTemplate",
              "metadata": { "name": "x", "version": "1.0.0" },
              "spec": { "inputs": { "a": { "type": "string", "sensitive": "yes" } }, "colour": 1 } }
            """);

        var problems = SchemaValidator.Validate(schemas[DocumentKind.ResourceTemplate], document);

        Assert.Equal(["spec.colour schema.unknown-field", "spec.inputs.a.sensitive schema.type"], problems.Select(p => $"{p.Path} {p.RuleId}"));
    }
}
