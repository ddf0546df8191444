// C++ runtime on the guest: iostream, containers, algorithms, exceptions, virtual calls.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
  virtual std::string name() const = 0;
};
struct Rect : Shape {
  double w, h;
  Rect(double a, double b) : w(a), h(b) {}
  double area() const override { return w * h; }
  std::string name() const override { return "rect"; }
};
struct Square : Rect {
  explicit Square(double s) : Rect(s, s) {}
  std::string name() const override { return "square"; }
};

static int parse(const std::string& s) {
  std::size_t pos = 0;
  int v = std::stoi(s, &pos);
  if (pos != s.size()) throw std::invalid_argument("trailing characters in '" + s + "'");
  return v;
}

int main() {
  std::vector<int> v = {42, 7, 19, 3, 88, 23, 5};
  std::sort(v.begin(), v.end());
  std::cout << "sorted:";
  for (int x : v) std::cout << ' ' << x;
  std::cout << "\nsum=" << std::accumulate(v.begin(), v.end(), 0) << '\n';

  std::map<std::string, int> words;
  std::istringstream in("the quick brown fox jumps over the lazy dog the end");
  for (std::string w; in >> w;) ++words[w];
  for (const auto& [w, n] : words) std::cout << w << '=' << n << ' ';
  std::cout << '\n';

  std::vector<std::unique_ptr<Shape>> shapes;
  shapes.push_back(std::make_unique<Rect>(2, 3.5));
  shapes.push_back(std::make_unique<Square>(4));
  for (const auto& s : shapes) std::cout << s->name() << " area " << s->area() << '\n';

  try {
    std::cout << parse("123") << '\n';
    std::cout << parse("12x") << '\n';
  } catch (const std::invalid_argument& e) {
    std::cout << "caught invalid_argument: " << e.what() << '\n';
  }
  try {
    throw std::runtime_error("runtime failure");
  } catch (const std::exception& e) {
    std::cout << "caught: " << e.what() << '\n';
  }
  std::string s = "polyrun";
  std::reverse(s.begin(), s.end());
  std::cout << s << ' ' << s.size() << '\n';
  return 0;
}
