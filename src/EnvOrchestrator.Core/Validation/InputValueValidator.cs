using System.Globalization;
using System.Text.RegularExpressions;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Validation;

/// <summary>
/// Checks a known value against an input definition: type, pattern (strings), allowed values and min/max
/// (a number's value, a string's length, a list's or map's count). Unknown values pass: they are checked
/// when they become known.
/// </summary>
public static class InputValueValidator
{
    public static IReadOnlyList<InputViolation> Validate(InputDefinition input, Value value)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(value);
        var violations = new List<InputViolation>();
        if (value.ContainsUnknown || value is NullValue)
        {
            return violations;
        }

        if (!ValueConformance.Conforms(value, input.Type))
        {
            violations.Add(new InputViolation(RuleIds.InputTypeMismatch, string.Empty,
                $"input '{input.Name}' is a {ValueKindNames.ToName(input.Type)}, got a {ValueKindNames.ToName(value.Kind)}"));
            return violations;
        }

        if (input.Pattern is { } pattern && value is StringValue s)
        {
            var (regex, _) = PatternCache.Get(pattern);
            if (regex is not null && !SafeMatch(regex, s.Value))
            {
                violations.Add(new InputViolation(RuleIds.InputPatternMismatch, string.Empty,
                    $"'{Shown(input, s)}' does not match the pattern '{pattern}' of input '{input.Name}'"));
            }
        }

        if (!input.Allowed.IsEmpty && !IsOneOf(value, input.Allowed))
        {
            violations.Add(new InputViolation(RuleIds.InputNotAllowed, string.Empty,
                $"'{Shown(input, value)}' is not one of the allowed values of input '{input.Name}': {string.Join(", ", input.Allowed)}"));
        }

        var measure = Measure(value);
        if (measure is { } m && ((input.Min is { } min && m < min) || (input.Max is { } max && m > max)))
        {
            var what = value is NumberValue ? "value" : value is StringValue ? "length" : "item count";
            violations.Add(new InputViolation(RuleIds.InputOutOfRange, string.Empty,
                $"the {what} {ShownMeasure(input, value, m)} of input '{input.Name}' is outside [{Bound(input.Min)}, {Bound(input.Max)}]"));
        }

        return violations;
    }

    /// <summary>Whether <paramref name="value"/> equals one of <paramref name="candidates"/>, ignoring sensitivity; numbers compare numerically.</summary>
    public static bool IsOneOf(Value value, IEnumerable<Value> candidates)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates.Any(c => SameValue(c, value));
    }

    private static bool SafeMatch(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // Values compare by content; numbers compare numerically (1 and 1.0 are the same).
    private static bool SameValue(Value a, Value b) => (a, b) switch
    {
        (NumberValue x, NumberValue y) => x.Value == y.Value,
        _ => a.AsSensitive(false).Equals(b.AsSensitive(false)),
    };

    private static decimal? Measure(Value value) => value switch
    {
        NumberValue n => n.Value,
        StringValue s => s.Value.Length,
        ListValue l => l.Items.Length,
        MapValue m => m.Entries.Count,
        _ => null,
    };

    private static string Bound(decimal? bound) => bound?.ToString(CultureInfo.InvariantCulture) ?? "-";

    // A sensitive number's measure is the value itself.
    private static string ShownMeasure(InputDefinition input, Value value, decimal measure) =>
        value is NumberValue && (input.Sensitive || value.IsSensitive) ? "(sensitive)" : measure.ToString(CultureInfo.InvariantCulture);

    // Never echo a sensitive value into an error message.
    private static string Shown(InputDefinition input, Value value) =>
        input.Sensitive || value.IsSensitive ? "(sensitive)" : value.ToString() ?? string.Empty;
}
