#pragma once
// Where tiles go on the canvas: a grid of 16:9 tiles that follows how many people are present
// (1, 2, 4, 9, 16 ... tiles), or a screen share large with the cameras in a strip beside it.
#include <cstddef>
#include <vector>

namespace meet::record {

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
  bool operator==(const Rect&) const = default;
};

// Pure. Every value is even (4:2:0 chroma). With `screen`, result[0] is the screen's area (the
// left part of the canvas) and result[1..] the camera tiles in a column on the right; without,
// `cameras` grid tiles in reading order, centred. Returns `cameras` (+1) rectangles, none
// outside the canvas, none overlapping. cameras may be 0.
std::vector<Rect> layout_tiles(size_t cameras, bool screen, int width, int height);

}  // namespace meet::record
