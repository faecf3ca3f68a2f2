namespace Streaming;

/// <summary>A partition's low (log start) and high (log end) offsets.</summary>
public readonly record struct WatermarkOffsets(Offset Low, Offset High);
