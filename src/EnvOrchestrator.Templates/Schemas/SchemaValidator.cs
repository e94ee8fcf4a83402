using System.Collections.Immutable;
using EnvOrchestrator.Core.Validation;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace EnvOrchestrator.Templates.Schemas;

/// <summary>A schema violation, located by its path inside the document.</summary>
internal sealed record SchemaProblem(string Path, string RuleId, string Message);

/// <summary>
/// Validates documents against the JSON Schemas published in docs/schemas (embedded in this assembly), and
/// translates NJsonSchema's errors into paths and stable rule ids.
/// </summary>
internal static class SchemaValidator
{
    // Parsed once per process; parsing is async in NJsonSchema, so callers await the set before validating.
    private static readonly Lazy<Task<ImmutableDictionary<DocumentKind, JsonSchema>>> Schemas = new(LoadAllAsync);

    public static string FileNameOf(DocumentKind kind) => kind switch
    {
        DocumentKind.ResourceTemplate => "resource-template.schema.json",
        DocumentKind.EnvironmentTemplate => "environment-template.schema.json",
        DocumentKind.Policy => "policy.schema.json",
        _ => "variable-set.schema.json",
    };

    public static string ReadSchemaText(DocumentKind kind)
    {
        var name = "EnvOrchestrator.Templates.Schemas." + FileNameOf(kind);
        using var stream = typeof(SchemaValidator).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded schema {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Task<ImmutableDictionary<DocumentKind, JsonSchema>> LoadAsync() => Schemas.Value;

    public static ImmutableArray<SchemaProblem> Validate(JsonSchema schema, JToken document)
    {
        var problems = ImmutableArray.CreateBuilder<SchemaProblem>();
        foreach (var error in schema.Validate(document))
        {
            Translate(error, problems);
        }

        // NJsonSchema's order follows its own traversal; sort for stable, readable reports.
        return [.. problems.Distinct().OrderBy(p => p.Path, StringComparer.Ordinal)];
    }

    private static async Task<ImmutableDictionary<DocumentKind, JsonSchema>> LoadAllAsync()
    {
        var schemas = ImmutableDictionary.CreateBuilder<DocumentKind, JsonSchema>();
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            schemas[kind] = await JsonSchema.FromJsonAsync(ReadSchemaText(kind)).ConfigureAwait(false);
        }

        return schemas.ToImmutable();
    }

    private static void Translate(ValidationError error, ImmutableArray<SchemaProblem>.Builder problems)
    {
        if (error is ChildSchemaValidationError child)
        {
            // For "one of these shapes", report the errors of the shape the value has (a mapping is checked against
            // the mapping branch), not every branch's complaints.
            var branch = child.Errors.Values.FirstOrDefault(errors => !errors.Any(e => IsTypeError(e) && e.Token == error.Token));
            if (branch is null)
            {
                var expected = string.Join(" or ", child.Errors.Keys.Select(s => s.Type.ToString().ToLowerInvariant()));
                problems.Add(new SchemaProblem(PathOf(error), RuleIds.SchemaType, $"expected {expected}, got {TypeOf(error.Token)}"));
                return;
            }

            foreach (var nested in branch)
            {
                Translate(nested, problems);
            }

            return;
        }

        var path = PathOf(error);
        var (rule, message) = error.Kind switch
        {
            ValidationErrorKind.NoAdditionalPropertiesAllowed => (RuleIds.SchemaUnknownField, $"unknown field '{error.Property}'"),
            ValidationErrorKind.PropertyRequired => (RuleIds.SchemaRequired, $"missing required field '{error.Property}'"),
            ValidationErrorKind.NotInEnumeration => (RuleIds.SchemaEnum, $"{Shown(error.Token)} is not one of {string.Join(", ", error.Schema?.Enumeration.Select(e => e?.ToString()) ?? [])}"),
            ValidationErrorKind.PatternMismatch => (RuleIds.SchemaPattern, $"{Shown(error.Token)} does not match {error.Schema?.Pattern}"),
            ValidationErrorKind.NumberTooSmall or ValidationErrorKind.NumberTooBig or ValidationErrorKind.TooFewItems
                or ValidationErrorKind.TooManyItems or ValidationErrorKind.TooFewProperties or ValidationErrorKind.TooManyProperties
                => (RuleIds.SchemaRange, RangeMessage(error)),
            _ when IsTypeError(error)
                => (RuleIds.SchemaType, $"expected {ExpectedType(error)}, got {TypeOf(error.Token)}"),
            _ => (RuleIds.SchemaInvalid, error.Kind.ToString()),
        };
        problems.Add(new SchemaProblem(path, rule, message));
    }

    // Newtonsoft paths are "spec.resources[1].inputs" — the same shape as ours. For a missing or unknown property
    // the token is the object (or the property itself); point at the property where it exists.
    private static string PathOf(ValidationError error)
    {
        var token = error.Token;
        if (token is null)
        {
            return string.Empty;
        }

        if (token is JProperty property)
        {
            return property.Path;
        }

        if (error.Kind == ValidationErrorKind.NoAdditionalPropertiesAllowed && token is JObject obj && error.Property is { } name
            && obj.Property(name) is { } unknown)
        {
            return unknown.Path;
        }

        return token.Path;
    }

    private static bool IsTypeError(ValidationError error) => error.Kind.ToString().EndsWith("Expected", StringComparison.Ordinal);

    private static string RangeMessage(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.NumberTooSmall => $"{Shown(error.Token)} is below the minimum {error.Schema?.Minimum}",
        ValidationErrorKind.NumberTooBig => $"{Shown(error.Token)} is above the maximum {error.Schema?.Maximum}",
        ValidationErrorKind.TooFewItems => $"needs at least {error.Schema?.MinItems} item(s)",
        ValidationErrorKind.TooManyItems => $"allows at most {error.Schema?.MaxItems} item(s)",
        ValidationErrorKind.TooFewProperties => $"needs at least {error.Schema?.MinProperties} field(s)",
        _ => $"allows at most {error.Schema?.MaxProperties} field(s)",
    };

    private static string ExpectedType(ValidationError error)
    {
        var type = error.Schema?.Type ?? JsonObjectType.None;
        var names = Enum.GetValues<JsonObjectType>()
            .Where(t => t != JsonObjectType.None && t != JsonObjectType.File && type.HasFlag(t))
            .Select(t => t.ToString().ToLowerInvariant())
            .ToList();
        return names.Count == 0 ? error.Kind.ToString().Replace("Expected", string.Empty, StringComparison.Ordinal).ToLowerInvariant() : string.Join(" or ", names);
    }

    private static string TypeOf(JToken? token) => token?.Type switch
    {
        JTokenType.Object => "a mapping",
        JTokenType.Array => "a list",
        JTokenType.Integer or JTokenType.Float => "a number",
        JTokenType.Boolean => "a bool",
        JTokenType.Null => "null",
        JTokenType.String => "a string",
        _ => "something else",
    };

    private static string Shown(JToken? token) => token is JValue { Value: { } v } ? $"'{v}'" : TypeOf(token);
}
