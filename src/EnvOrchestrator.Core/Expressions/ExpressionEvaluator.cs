using System.Collections.Immutable;
using System.Text;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Expressions;

/// <summary>
/// Evaluates the template strings inside a value tree (maps and lists are walked). Unknown values are carried
/// through: a whole-value reference to an unknown output is unknown of the output's type, and interpolating an
/// unknown yields an unknown string. Sensitivity is carried the same way.
/// </summary>
public static class ExpressionEvaluator
{
    public static EvaluationResult Evaluate(Value value, EvaluationScope scope)
    {
        var errors = ImmutableArray.CreateBuilder<string>();
        var result = Walk(value, scope, errors);
        return new EvaluationResult(result, errors.ToImmutable());
    }

    public static EvaluationResult EvaluateString(string text, EvaluationScope scope) => Evaluate(new StringValue(text), scope);

    private static Value Walk(Value value, EvaluationScope scope, ImmutableArray<string>.Builder errors) => value switch
    {
        StringValue s => EvaluateTemplate(s, scope, errors),
        ListValue l => new ListValue([.. l.Items.Select(i => Walk(i, scope, errors))]) { IsSensitive = l.IsSensitive },
        MapValue m => new MapValue(m.Entries.ToImmutableSortedDictionary(e => e.Key, e => Walk(e.Value, scope, errors), StringComparer.Ordinal))
        {
            IsSensitive = m.IsSensitive,
        },
        _ => value,
    };

    private static Value EvaluateTemplate(StringValue text, EvaluationScope scope, ImmutableArray<string>.Builder errors)
    {
        if (!ExpressionParser.MayContainExpression(text.Value))
        {
            return text;
        }

        var parsed = ExpressionParser.Parse(text.Value);
        if (parsed.Expression is null)
        {
            errors.Add(parsed.Error!);
            return new UnknownValue(ValueKind.String);
        }

        if (parsed.Expression.WholeReference is { } whole)
        {
            var resolved = Resolve(whole, scope, errors);
            return text.IsSensitive ? resolved.AsSensitive() : resolved;
        }

        var builder = new StringBuilder();
        var unknown = false;
        var sensitive = text.IsSensitive;
        foreach (var segment in parsed.Expression.Segments)
        {
            if (segment is LiteralSegment literal)
            {
                builder.Append(literal.Text);
                continue;
            }

            var reference = ((ReferenceSegment)segment).Reference;
            var resolved = Resolve(reference, scope, errors);
            sensitive |= resolved.IsSensitive;
            if (resolved.ContainsUnknown)
            {
                unknown = true;
                continue;
            }

            var part = resolved.ToInterpolatedString();
            if (part is null)
            {
                errors.Add($"'${{{reference}}}' is a {ValueKindNames.ToName(resolved.Kind)} and cannot be interpolated into a string");
                unknown = true;
                continue;
            }

            builder.Append(part);
        }

        Value result = unknown ? new UnknownValue(ValueKind.String) : new StringValue(builder.ToString());
        return result.AsSensitive(sensitive);
    }

    private static Value Resolve(Reference reference, EvaluationScope scope, ImmutableArray<string>.Builder errors)
    {
        Value? root;
        switch (reference.Root)
        {
            case ReferenceRoot.Input:
                if (!scope.Inputs.TryGetValue(reference.Name, out root))
                {
                    errors.Add($"'${{{reference}}}': no input '{reference.Name}'");
                    return new UnknownValue(ValueKind.Any);
                }

                break;
            case ReferenceRoot.ResourceOutput:
                if (!scope.ResourceOutputs.TryGetValue(reference.Resource!, out var outputs))
                {
                    if (!scope.KnownResources.IsEmpty && !scope.KnownResources.Contains(reference.Resource!))
                    {
                        errors.Add($"'${{{reference}}}': no resource '{reference.Resource}'");
                    }

                    return new UnknownValue(ValueKind.Any);
                }

                if (!outputs.TryGetValue(reference.Name, out root))
                {
                    errors.Add($"'${{{reference}}}': resource '{reference.Resource}' has no output '{reference.Name}'");
                    return new UnknownValue(ValueKind.Any);
                }

                break;
            case ReferenceRoot.Environment when reference.Name == "resourceGroup":
                if (!scope.HasResourceGroup)
                {
                    errors.Add($"'${{{reference}}}': the environment template declares no resourceGroup");
                    return new UnknownValue(ValueKind.String);
                }

                root = scope.ResourceGroupName is null ? new UnknownValue(ValueKind.String) : new StringValue(scope.ResourceGroupName);
                break;
            case ReferenceRoot.Environment:
                root = scope.EnvironmentName is null ? new UnknownValue(ValueKind.String) : new StringValue(scope.EnvironmentName);
                break;
            default:
                root = scope.ProjectName is null ? new UnknownValue(ValueKind.String) : new StringValue(scope.ProjectName);
                break;
        }

        return Access(root, reference, errors);
    }

    private static Value Access(Value root, Reference reference, ImmutableArray<string>.Builder errors)
    {
        var current = root;
        foreach (var accessor in reference.Accessors)
        {
            var sensitive = current.IsSensitive;
            Value? next = (current, accessor) switch
            {
                (UnknownValue, _) => new UnknownValue(ValueKind.Any),
                (MapValue m, { Key: { } key }) => m.Entries.GetValueOrDefault(key),
                (ListValue l, { Index: { } index }) => index < l.Items.Length ? l.Items[index] : null,
                _ => null,
            };
            if (next is null)
            {
                errors.Add($"'${{{reference}}}': '{accessor}' does not exist in the value");
                return new UnknownValue(ValueKind.Any);
            }

            current = sensitive ? next.AsSensitive() : next;
        }

        return current;
    }
}
