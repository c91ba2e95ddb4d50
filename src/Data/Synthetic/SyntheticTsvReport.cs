namespace Data.Synthetic;

/// <summary>What <see cref="SyntheticTsvWriter"/> wrote.</summary>
/// <param name="Lines">All lines.</param>
/// <param name="ValidLines">Well-formed lines (generated rows and duplicates).</param>
/// <param name="Bytes">Bytes written.</param>
/// <param name="Injected">Every injected line (faults and duplicates), in file order.</param>
public sealed record SyntheticTsvReport(long Lines, long ValidLines, long Bytes, IReadOnlyList<InjectedLine> Injected);
