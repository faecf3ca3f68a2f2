namespace Quickstart;

/// <summary>The orders the quickstart publishes (JSON on the wire).</summary>
public sealed record Order(int Id, string Customer, decimal Amount);
