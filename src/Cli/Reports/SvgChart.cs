using System.Globalization;
using System.Text;

namespace Cli.Reports;

/// <summary>
/// A small inline-SVG line chart (one or more series of points, linear or logarithmic axes), rendered to text so a
/// report needs no script, font or image file. Each point is a <c>&lt;circle class="point"&gt;</c> carrying its x in
/// a data attribute (<see cref="PointAttribute"/>, e.g. <c>data-iteration</c>) and its y in <c>data-value</c>, so
/// tests and readers can find them; the chart is a <c>&lt;figure&gt;</c> with the given id.
/// </summary>
internal sealed class SvgChart
{
    /// <summary>
    /// Size of the drawing in SVG units (it scales to the figure's width through viewBox). The report's grid never makes a
    /// figure narrower than <see cref="Width"/> CSS pixels (<see cref="MinimumFigurePixels"/>), so one unit is at least one
    /// pixel and a <see cref="TickFontSize"/> label is at least that many pixels on screen.
    /// </summary>
    internal const double Width = 560, Height = 300;

    /// <summary>Narrowest figure the report's grid lays out: the drawing's width plus the figure's padding and border.</summary>
    internal const int MinimumFigurePixels = (int)Width + 2 * 8 + 2;

    /// <summary>Font size of tick labels, in SVG units (≥ pixels, see <see cref="Width"/>): 12 px reads comfortably; 8 px did not.</summary>
    internal const double TickFontSize = 12;

    /// <summary>
    /// Width of one character of a tick label as a share of the font size: digits, commas and points of the system
    /// sans-serif fonts are at most 0.6 em wide, so a label never takes more room than this estimate.
    /// </summary>
    internal const double CharacterWidth = 0.6;

    /// <summary>Gap kept between a label and the edge of the drawing.</summary>
    private const double EdgeGap = 2;

    /// <summary>Margins around the plot area: room for tick labels on the left and bottom, the axis titles, and the legend on top.</summary>
    private const double Left = 72, Right = 16, Top = 28, Bottom = 44;

    /// <summary>Ticks per linear axis, roughly: enough to read values, few enough that labels never overlap at this width.</summary>
    private const int LinearTicks = 5;

    /// <summary>Series colours, distinguishable for the common kinds of colour blindness (Okabe–Ito).</summary>
    private static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

    private readonly List<(string Name, IReadOnlyList<(double X, double Y)> Points, bool Line)> _series = [];

    private readonly List<(string Name, double Y)> _references = [];

    /// <summary>A chart with element id <paramref name="id"/>, a title and axis labels (plain text; escaped when rendered).</summary>
    public SvgChart(string id, string title, string xLabel, string yLabel)
    {
        Id = id;
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    /// <summary>The figure's element id.</summary>
    public string Id { get; }

    /// <summary>The caption above the chart.</summary>
    public string Title { get; }

    /// <summary>The x-axis label.</summary>
    public string XLabel { get; }

    /// <summary>The y-axis label.</summary>
    public string YLabel { get; }

    /// <summary>The data attribute holding each point's x (lowercase, starting with <c>data-</c>).</summary>
    public string PointAttribute { get; init; } = "data-x";

    /// <summary>Logarithmic x axis: points with x ≤ 0 cannot be drawn and are left out.</summary>
    public bool LogX { get; init; }

    /// <summary>Logarithmic y axis: points with y ≤ 0 cannot be drawn and are left out.</summary>
    public bool LogY { get; init; }

    /// <summary>
    /// A linear y axis that starts at 0 (when no value is negative): for shares and rates such as precision, NDCG or
    /// coverage, where a reader compares heights with zero; an axis starting at 0.098 makes a 5% gain look tenfold.
    /// </summary>
    public bool YFromZero { get; init; }

    /// <summary>Format of the values in tooltips and linear tick labels.</summary>
    public string ValueFormat { get; init; } = "G4";

    /// <summary>Adds a series drawn as points joined by a line (<paramref name="line"/> false: points only).</summary>
    public SvgChart Add(string name, IReadOnlyList<(double X, double Y)> points, bool line = true)
    {
        ArgumentNullException.ThrowIfNull(points);
        _series.Add((name, points, line));
        return this;
    }

    /// <summary>
    /// Adds a horizontal reference line at <paramref name="y"/> across the plot (dashed, labelled <paramref name="name"/>),
    /// such as a baseline's value; the y axis always reaches it. A value that cannot be drawn is left out.
    /// </summary>
    public SvgChart AddReference(string name, double y)
    {
        if (Drawable((1, y))) _references.Add((name, y));
        return this;
    }

    /// <summary>Points that can be drawn: finite, and positive on a log axis.</summary>
    internal bool Drawable((double X, double Y) point) =>
        double.IsFinite(point.X) && double.IsFinite(point.Y) && (!LogX || point.X > 0) && (!LogY || point.Y > 0);

    /// <summary>The chart as an HTML <c>&lt;figure&gt;</c> holding an inline <c>&lt;svg&gt;</c>.</summary>
    public string Render()
    {
        var drawn = _series.Select(series => (series.Name, Points: series.Points.Where(Drawable).ToList(), series.Line)).ToList();
        var all = drawn.SelectMany(series => series.Points).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" id=\"{Html.Attribute(Id)}\"><figcaption>{Html.Text(Title)}</figcaption>");
        text.Append(CultureInfo.InvariantCulture,
            $"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.Attribute(Title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (all.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"empty\">no data</text></svg></figure>");
            return text.ToString();
        }
        IEnumerable<double> heights = all.Select(point => point.Y).Concat(_references.Select(reference => reference.Y));
        if (YFromZero && !LogY && heights.All(value => value >= 0)) heights = heights.Append(0);
        Axis x = Axis.For(all.Select(point => point.X), LogX), y = Axis.For(heights, LogY);
        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double Px(double value) => Left + x.Position(value) * plotWidth;
        double Py(double value) => Top + (1 - y.Position(value)) * plotHeight;

        text.Append(CultureInfo.InvariantCulture, $"<rect class=\"plot\" x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\"/>");
        foreach (double tick in x.Ticks())
        {
            double px = Px(tick);
            text.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{F(px)}\" y1=\"{Top}\" x2=\"{F(px)}\" y2=\"{Top + plotHeight}\"/>");
            string label = x.Label(tick, ValueFormat);
            double half = LabelWidth(label) / 2, centre = Math.Clamp(px, half + EdgeGap, Width - half - EdgeGap);   // the last label stays inside
            text.Append(CultureInfo.InvariantCulture,
                $"<text class=\"tick\" font-size=\"{F(TickFontSize)}\" x=\"{F(centre)}\" y=\"{F(Top + plotHeight + 16)}\" text-anchor=\"middle\">{Html.Text(label)}</text>");
        }
        foreach (double tick in y.Ticks())
        {
            double py = Py(tick);
            text.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{F(py)}\" x2=\"{Left + plotWidth}\" y2=\"{F(py)}\"/>");
            string label = y.Label(tick, ValueFormat);
            double end = Math.Max(Left - 6, LabelWidth(label) + EdgeGap);
            text.Append(CultureInfo.InvariantCulture,
                $"<text class=\"tick\" font-size=\"{F(TickFontSize)}\" x=\"{F(end)}\" y=\"{F(py + 4)}\" text-anchor=\"end\">{Html.Text(label)}</text>");
        }
        text.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(Left + plotWidth / 2)}\" y=\"{Height - 8}\" text-anchor=\"middle\">{Html.Text(XLabel)}</text>");
        text.Append(CultureInfo.InvariantCulture,
            $"<text class=\"axis\" x=\"14\" y=\"{F(Top + plotHeight / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {F(Top + plotHeight / 2)})\">{Html.Text(YLabel)}</text>");

        foreach ((string name, double value) in _references)
        {
            double py = Py(value);
            text.Append(CultureInfo.InvariantCulture,
                $"<g class=\"reference\" data-series=\"{Html.Attribute(name)}\" data-value=\"{value.ToString("R", CultureInfo.InvariantCulture)}\">" +
                $"<line x1=\"{Left}\" y1=\"{F(py)}\" x2=\"{Left + plotWidth}\" y2=\"{F(py)}\" stroke=\"#57606a\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>" +
                $"<text class=\"reference-label\" font-size=\"{F(TickFontSize)}\" x=\"{F(Left + plotWidth - 4)}\" y=\"{F(py - 4)}\" text-anchor=\"end\">" +
                $"{Html.Text($"{name} {value.ToString(ValueFormat, CultureInfo.InvariantCulture)}")}</text></g>");
        }

        double legendX = Left;
        for (int index = 0; index < drawn.Count; index++)
        {
            (string name, List<(double X, double Y)> points, bool line) = drawn[index];
            string colour = Palette[index % Palette.Length];
            if (drawn.Count > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(legendX)}\" y=\"8\" width=\"10\" height=\"10\" fill=\"{colour}\"/>");
                text.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{F(legendX + 14)}\" y=\"17\">{Html.Text(name)}</text>");
                legendX += 24 + 7 * name.Length;
            }
            text.Append(CultureInfo.InvariantCulture, $"<g class=\"series\" data-series=\"{Html.Attribute(name)}\">");
            if (line && points.Count > 1)
                text.Append(CultureInfo.InvariantCulture,
                    $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points.Select(point => F(Px(point.X)) + "," + F(Py(point.Y))))}\"/>");
            foreach ((double px, double py) in points)
            {
                string tip = $"{name}: {x.Label(px, ValueFormat)}, {py.ToString(ValueFormat, CultureInfo.InvariantCulture)}";
                text.Append(CultureInfo.InvariantCulture,
                    $"<circle class=\"point\" {PointAttribute}=\"{Html.Attribute(px.ToString("R", CultureInfo.InvariantCulture))}\" data-value=\"{py.ToString("R", CultureInfo.InvariantCulture)}\" cx=\"{F(Px(px))}\" cy=\"{F(Py(py))}\" r=\"3\" fill=\"{colour}\"><title>{Html.Text(tip)}</title></circle>");
            }
            text.Append("</g>");
        }
        text.Append("</svg></figure>");
        return text.ToString();
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The most room a tick label takes, in SVG units (see <see cref="CharacterWidth"/>).</summary>
    internal static double LabelWidth(string label) => label.Length * CharacterWidth * TickFontSize;

    /// <summary>One axis: its range and the mapping of a value to [0, 1] across the plot.</summary>
    internal readonly record struct Axis(double Minimum, double Maximum, bool Log)
    {
        /// <summary>The range of <paramref name="values"/>, padded so a constant series sits mid-plot; log axes span whole decades.</summary>
        public static Axis For(IEnumerable<double> values, bool log)
        {
            double minimum = double.PositiveInfinity, maximum = double.NegativeInfinity;
            foreach (double value in values)
            {
                minimum = Math.Min(minimum, value);
                maximum = Math.Max(maximum, value);
            }
            if (log)
            {
                double low = Math.Floor(Math.Log10(minimum)), high = Math.Ceiling(Math.Log10(maximum));
                if (high <= low) high = low + 1;
                return new Axis(low, high, true);
            }
            if (maximum - minimum <= Math.Abs(maximum) * 1e-12)       // constant: give it room
            {
                double pad = maximum == 0 ? 1 : Math.Abs(maximum) * 0.1;
                return new Axis(minimum - pad, maximum + pad, false);
            }
            double margin = (maximum - minimum) * 0.05;
            return new Axis(minimum >= 0 && minimum - margin < 0 ? 0 : minimum - margin, maximum + margin, false);
        }

        /// <summary>Where <paramref name="value"/> falls, 0 at the minimum and 1 at the maximum.</summary>
        public double Position(double value) => ((Log ? Math.Log10(value) : value) - Minimum) / (Maximum - Minimum);

        /// <summary>Tick values: powers of ten on a log axis, round steps (1, 2 or 5 × 10ⁿ) on a linear one.</summary>
        public IEnumerable<double> Ticks()
        {
            if (Log)
            {
                for (double exponent = Minimum; exponent <= Maximum + 1e-9; exponent++) yield return Math.Pow(10, exponent);
                yield break;
            }
            double raw = (Maximum - Minimum) / LinearTicks, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
            for (double tick = Math.Ceiling(Minimum / step) * step; tick <= Maximum + step * 1e-9; tick += step)
                yield return Math.Abs(tick) < step * 1e-9 ? 0 : tick;
        }

        /// <summary>A tick label: 10ⁿ as a plain number on log axes, otherwise <paramref name="format"/>.</summary>
        public string Label(double value, string format) => Log
            ? value.ToString(value >= 1 ? "N0" : "G3", CultureInfo.InvariantCulture)
            : value.ToString(format, CultureInfo.InvariantCulture);
    }
}
