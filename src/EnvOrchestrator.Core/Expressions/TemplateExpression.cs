using System.Collections.Immutable;

namespace EnvOrchestrator.Core.Expressions;

/// <summary>A piece of a template string: literal text or a reference.</summary>
public abstract record TemplateSegment;

public sealed record LiteralSegment(string Text) : TemplateSegment;

public sealed record ReferenceSegment(Reference Reference) : TemplateSegment;

/// <summary>
/// A string from a template file, split into literal text and references. A string that is exactly one reference
/// (<c>"${inputs.count}"</c>) is a whole-value reference and keeps the referenced value's type, as in Terraform.
/// </summary>
public sealed record TemplateExpression(ImmutableArray<TemplateSegment> Segments)
{
    public Reference? WholeReference => Segments is [ReferenceSegment only] ? only.Reference : null;

    public bool IsLiteral => Segments.All(s => s is LiteralSegment);

    public IEnumerable<Reference> References => Segments.OfType<ReferenceSegment>().Select(s => s.Reference);

    public string LiteralText => string.Concat(Segments.OfType<LiteralSegment>().Select(s => s.Text));
}
