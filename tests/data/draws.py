"""What the sample_*.py scripts share: comparing a draw with the committed labelled file."""


def draw_differences(drawn: list[dict], committed: list[dict], keys: tuple[str, ...],
                     agreed: str = "") -> int:
    """Print where ``drawn`` and ``committed`` differ in ``keys`` (and in length), or ``agreed``
    when they do not; 1 if they differ, 0 if they agree, as an exit status."""
    differences = [(a.get("id"), b.get("id")) for a, b in zip(drawn, committed, strict=False)
                   if any(a[k] != b.get(k) for k in keys)]
    if len(drawn) != len(committed):
        differences.append(("count", f"{len(drawn)} drawn, {len(committed)} committed"))
    for difference in differences:
        print("differs:", *difference)
    if agreed and not differences:
        print(agreed)
    return 1 if differences else 0
